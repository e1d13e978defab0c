from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_keyed_events_and_checkpoints"),
    ]

    operations = [
        migrations.RemoveField(model_name="auditevent", name="prev_hash"),
        migrations.RemoveField(model_name="auditevent", name="hash"),
        migrations.DeleteModel(name="AuditChainHead"),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(condition=models.Q(("leaf_index__isnull", True)), fields=["id"], name="audit_event_unsealed"),
        ),
    ]
