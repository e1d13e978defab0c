from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ballots', '0003_unlinkable_ballots'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='ballot',
            name='receipt_digest',
        ),
    ]
