"""Ballots no longer share a receipt digest per voter.

Existing data: the old receipt digest is the new receipt secret (SM3 of the code), so every receipt already
handed out keeps working.
- Sessions still voting: each voter's ballots (grouped by their old digest) become one sealed sheet.
- Other sessions: each ballot gives one receipt commitment; ballots and commitments are rewritten, each in
  its own random order with fresh keys. 0004 drops the digest column (apart, because PostgreSQL does not
  alter a table with pending foreign-key checks from the rows written here).
"""

import json
import secrets
import uuid

import django.db.models.deletion
from cryptography.hazmat.primitives import hashes, hmac
from django.db import migrations, models

from zhicheng.core import crypto

LETTERS = {"approve": "a", "disapprove": "d", "abstain": "n"}


def _mac(secret: bytes, message: str) -> str:
    mac = hmac.HMAC(secret, hashes.SM3())
    mac.update(message.encode())
    return mac.finalize().hex()


def forwards(apps, schema_editor):
    Ballot = apps.get_model("ballots", "Ballot")
    Commitment = apps.get_model("ballots", "ReceiptCommitment")
    SealedSheet = apps.get_model("ballots", "SealedSheet")
    rows = list(Ballot.objects.values_list("entry_id", "entry__session_id", "entry__session__status", "choice", "receipt_digest"))
    if not rows:
        return
    sheets: dict[tuple[int, str], list[tuple[int, str]]] = {}
    closed = []
    for entry_id, session_id, status, choice, digest in rows:
        if status == "voting":
            sheets.setdefault((session_id, digest), []).append((entry_id, choice))
        else:
            closed.append((entry_id, session_id, choice, digest))
    for (session_id, digest), ballots in sheets.items():
        secret = bytes.fromhex(digest)
        sheet = {
            "b": sorted([entry_id, LETTERS[choice]] for entry_id, choice in ballots),
            "r": sorted([entry_id, _mac(secret, f"ballot|{session_id}|{entry_id}")] for entry_id, _ in ballots),
        }
        SealedSheet.objects.create(
            session_id=session_id,
            envelope=crypto.encrypt(json.dumps(sheet, separators=(",", ":"))),
            receipt_tag=_mac(secret, f"sheet|{session_id}"),
        )
    shuffle = secrets.SystemRandom().shuffle
    new_ballots = [Ballot(id=uuid.uuid4(), entry_id=e, choice=c, receipt_digest="") for e, _, c, _ in closed]
    commitments = [
        Commitment(id=uuid.uuid4(), entry_id=e, commitment=_mac(bytes.fromhex(d), f"ballot|{s}|{e}"))
        for e, s, _, d in closed
    ]
    shuffle(new_ballots)
    shuffle(commitments)
    Ballot.objects.all().delete()
    Ballot.objects.bulk_create(new_ballots, batch_size=2000)
    Commitment.objects.bulk_create(commitments, batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ('ballots', '0002_initial'),
        ('evaluations', '0003_alter_draw_drawn_by'),
    ]

    operations = [
        migrations.CreateModel(
            name='ReceiptCommitment',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('commitment', models.CharField(max_length=64, unique=True, verbose_name='回执承诺')),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluations.sessionapplication', verbose_name='申报')),
            ],
            options={
                'verbose_name': '回执承诺',
                'verbose_name_plural': '回执承诺',
            },
        ),
        migrations.CreateModel(
            name='SealedSheet',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('envelope', models.TextField(verbose_name='密封选票')),
                ('receipt_tag', models.CharField(max_length=64, unique=True, verbose_name='回执标记')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluations.evaluationsession', verbose_name='评审会')),
            ],
            options={
                'verbose_name': '密封选票',
                'verbose_name_plural': '密封选票',
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
