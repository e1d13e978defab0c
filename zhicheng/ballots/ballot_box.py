"""The ballot box (R-69, R-70): sheets sealed while voting is open, opened and mixed when it closes.

1. cast: the sheet (entry → one-letter choice) and its receipt commitments are encrypted with SM4-GCM under the
   field key, which lives outside the database. The plaintext has one letter per choice, so the envelope's length
   depends on the entries on the sheet (public: the session and its recusals), never on the choices.
2. close: every envelope of the session is opened; the ballots and the commitments are each inserted in their
   own random order, with fresh random keys, in the closing transaction; the envelopes are deleted.
   Row order, keys and the writing transaction then belong to the close, not to any voter or voting moment,
   and no column value is shared by two ballots or links a ballot to a commitment.
"""

import json
import secrets
import uuid
from collections.abc import Mapping

from django.db import connection
from django.db.models import Model

from zhicheng.ballots import receipts
from zhicheng.ballots.models import Ballot, Choice, ReceiptCommitment, SealedSheet
from zhicheng.core import crypto
from zhicheng.evaluations.models import EvaluationSession

LETTERS = {Choice.APPROVE: "a", Choice.DISAPPROVE: "d", Choice.ABSTAIN: "n"}
CHOICES = {letter: choice for choice, letter in LETTERS.items()}
_secure_random = secrets.SystemRandom()


def seal(session: EvaluationSession, choices: Mapping[int, str], secret: bytes) -> SealedSheet:
    """Put one voter's sheet in the box, encrypted, tagged for the receipt check."""
    sheet = {
        "b": sorted([entry_id, LETTERS[Choice(choice)]] for entry_id, choice in choices.items()),
        "r": sorted([entry_id, receipts.commitment(secret, session.pk, entry_id)] for entry_id in choices),
    }
    return SealedSheet.objects.create(
        session=session,
        envelope=crypto.encrypt(json.dumps(sheet, separators=(",", ":"))),
        receipt_tag=receipts.sheet_tag(secret, session.pk),
    )


def _insert(model: type[Model], columns: tuple[str, str], rows: list[tuple[object, object]]) -> None:
    """Insert rows in the given order, each under a fresh random UUID key (COPY on PostgreSQL: 50,000 rows a close)."""
    table, names = model._meta.db_table, f"id, {columns[0]}, {columns[1]}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((uuid.uuid4(), *row))
            return
        key = model._meta.pk
        values = [[key.get_db_prep_value(uuid.uuid4(), connection), *row] for row in rows]
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES (%s, %s, %s)", values)  # noqa: S608 - model names


def open_box(session: EvaluationSession) -> int:
    """Open the session's sealed sheets into shuffled ballots and commitments; returns how many sheets."""
    sheets = SealedSheet.objects.filter(session=session)
    ballots: list[tuple[object, object]] = []
    commitments: list[tuple[object, object]] = []
    opened = 0
    for envelope in sheets.values_list("envelope", flat=True):
        sheet = json.loads(crypto.decrypt(envelope))
        ballots += [(entry_id, CHOICES[letter].value) for entry_id, letter in sheet["b"]]
        commitments += [(entry_id, value) for entry_id, value in sheet["r"]]
        opened += 1
    _secure_random.shuffle(ballots)
    _secure_random.shuffle(commitments)
    sheets.delete()
    _insert(Ballot, ("entry_id", "choice"), ballots)
    _insert(ReceiptCommitment, ("entry_id", "commitment"), commitments)
    return opened
