"""Migrations 0003 and 0004: old ballots keep their receipts and lose the link between them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zhicheng.ballots import receipts, services
from zhicheng.ballots.models import Ballot, Choice, ReceiptCommitment, SealedSheet
from zhicheng.evaluations.models import SessionStatus

from .factories import entries, presider, seats, voting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
BEFORE, AFTER = [("ballots", "0002_initial")], [("ballots", "0004_drop_receipt_digest")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _cast_old_style(session, codes, choice):
    """Ballots as the old code stored them: one row per entry, the voter's digest on each."""
    old = _migrate(BEFORE).get_model("ballots", "Ballot")
    for code in codes:
        digest = receipts.secret_of(code).hex()
        old.objects.bulk_create([old(entry_id=e.pk, choice=choice, receipt_digest=digest) for e in entries(session)])
    _migrate(AFTER)


def test_r69_old_ballots_become_sealed_sheets_or_unlinked_commitments_and_old_receipts_still_check():
    session = voting(experts=9, applications=2)
    codes = [receipts.new_code() for _ in range(3)]

    _cast_old_style(session, codes, Choice.APPROVE)  # voting is still open

    assert SealedSheet.objects.filter(session=session).count() == 3
    assert not Ballot.objects.exists()
    assert all(receipts.check(session, c) == receipts.ReceiptCheck(recorded=True, counted=False) for c in codes)
    for seat in seats(session)[:3]:
        seat.has_voted = True
        seat.save(update_fields=["has_voted"])
    services.close_voting(session, by=presider(session), confirmed=True)
    assert sorted(session.entries.values_list("result__approvals", flat=True)) == [3, 3]
    assert all(receipts.check(session, c).counted for c in codes)

    Ballot.objects.all().delete()
    ReceiptCommitment.objects.all().delete()
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    later = [receipts.new_code() for _ in range(2)]

    _cast_old_style(session, later, Choice.DISAPPROVE)  # voting already closed

    assert not SealedSheet.objects.exists()
    assert Ballot.objects.filter(choice=Choice.DISAPPROVE).count() == 4
    assert ReceiptCommitment.objects.count() == 4
    assert len(set(ReceiptCommitment.objects.values_list("commitment", flat=True))) == 4
    assert all(receipts.check(session, c) == receipts.ReceiptCheck(recorded=True, counted=True) for c in later)
