"""Events authenticated with AUDIT_KEY instead of an unkeyed hash chain behind one locked head row.

Existing events get their MAC under the configured key (in id order, in batches); the first seal_audit then seals
them into the first checkpoint. 0003 drops the old chain columns and the head row.
"""

from django.db import migrations, models

from zhicheng.audit.services import event_mac

BATCH = 2000


def add_macs(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last).order_by("id")[:BATCH])
        if not batch:
            return
        for event in batch:
            event.mac = event_mac(event)
        AuditEvent.objects.bulk_update(batch, ["mac"])
        last = batch[-1].id


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(default="", max_length=64, verbose_name="消息认证码（HMAC-SM3）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="leaf_index",
            field=models.BigIntegerField(blank=True, null=True, unique=True, verbose_name="默克尔树叶序号"),
        ),
        migrations.RunPython(add_macs, migrations.RunPython.noop),
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("tree_size", models.PositiveBigIntegerField(unique=True, verbose_name="事件数")),
                ("root_hash", models.CharField(max_length=64, verbose_name="树根（SM3）")),
                ("sealed_at", models.DateTimeField(verbose_name="封存时间")),
                ("signature", models.CharField(max_length=100, verbose_name="签名（Ed25519，base64url）")),
                ("frontier", models.JSONField(default=list, verbose_name="右边界子树")),
                ("consistency", models.JSONField(default=list, verbose_name="与上一检查点的一致性证明")),
            ],
            options={
                "verbose_name": "审计检查点",
                "verbose_name_plural": "审计检查点",
                "ordering": ["tree_size"],
            },
        ),
    ]
