"""The link attack on the secret ballot (R-69, R-70, R-73), written out and run against the stored ballot box.

A meeting of 11 experts: 9 attend, 2 are absent, two attending experts are recused (one from one applicant,
one from two), 24 applicants, every choice including abstentions (213 ballots). The attacker reads every
table and the audit trail, knows the conflicts, the attendance and the order in which the experts voted, and
even holds every voter's receipt code (a coercer). Each attack is first run on the layout the ballots used to
have, where it links every vote, so the test shows it would fail if a link came back.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pytest
from django.db import connection
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.ballots import receipts, services
from zhicheng.ballots.models import Ballot, Choice, ReceiptCommitment, SealedSheet
from zhicheng.evaluations.models import Conflict, ConflictSource, EvaluationSession, Seat, SessionApplication

from .factories import bulk_entries, opened_meeting, presider, seats

pytestmark = pytest.mark.django_db

CHOICES = (Choice.APPROVE, Choice.DISAPPROVE, Choice.ABSTAIN)
APPLICANTS = 24  # enough ballots that a random order's best score stays far below the margin
RECUSALS = {3: [1], 5: [2, 4]}  # attending voter index -> recused entry indexes
# A linking attack is "better than chance" when it guesses more choices right than the best guess per applicant
# without any link (its most frequent choice). A random order gives about a third right; a leaked order gives all.
MARGIN = 0.2


@dataclass(frozen=True)
class Row:
    """A stored row as the attacker reads it: its columns, in storage order."""

    columns: dict[str, object]

    @property
    def entry(self) -> int:
        return int(self.columns["entry_id"])  # type: ignore[call-overload]


@dataclass
class Meeting:
    session: EvaluationSession
    voters: list[Seat]  # in the order they voted (the audit trail shows it)
    entries: list[SessionApplication]
    sheets: list[dict[int, str]]  # what each voter chose, the ground truth
    codes: list[str]
    snapshots: list[tuple[int, int, list[str]]]  # after each vote: ballots, commitments, envelopes


def _choose(voter: int, entry: int) -> str:
    return CHOICES[(voter + 2 * entry + voter * entry) % 3]


def _meeting() -> Meeting:
    session = opened_meeting(experts=11, attending=9, applications=2)
    rows = bulk_entries(session, APPLICANTS - 2)
    services.open_voting(session, by=presider(session))
    voters = [s for s in seats(session) if s.attended]
    for voter, indexes in RECUSALS.items():
        for i in indexes:
            Conflict.objects.create(
                session=session,
                expert=voters[voter].expert,
                entry=rows[i],
                source=ConflictSource.EXPERT_DECLARED,
                reason="近亲属",
            )
    sheets, codes, snapshots = [], [], []
    for v, seat in enumerate(voters):
        sheet = {e.pk: _choose(v, i) for i, e in enumerate(rows) if i not in RECUSALS.get(v, [])}
        codes.append(services.cast_ballots(seat, sheet, by=seat.expert.user))
        sheets.append(sheet)
        envelopes = list(SealedSheet.objects.filter(session=session).values_list("envelope", flat=True))
        snapshots.append((Ballot.objects.count(), ReceiptCommitment.objects.count(), envelopes))
    services.close_voting(session, by=presider(session))
    return Meeting(session, voters, rows, sheets, codes, snapshots)


@pytest.fixture
def meeting() -> Meeting:
    return _meeting()


def _stored(table: str) -> list[Row]:
    """Every row of a table with every column, in physical order (PostgreSQL's ctid)."""
    order = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")  # noqa: S608 - table names from the models
        names = [c.name for c in cursor.description]
        return [Row(dict(zip(names, values, strict=True))) for values in cursor.fetchall()]


def _old_layout(m: Meeting) -> list[Row]:
    """The same votes as the ballots table used to hold them: per voter, one shared receipt digest, in cast order."""
    return [
        Row({"id": f"{v}-{entry}", "entry_id": entry, "choice": choice, "receipt_digest": f"digest-{v}"})
        for v, sheet in enumerate(m.sheets)
        for entry, choice in sheet.items()
    ]


# The attacks


def link_by_recusal(rows: Sequence[Row], session_entries: set[int], recused: set[int]) -> list[Row]:
    """Group by every column; a group holding a whole sheet but the recused entries is the recused expert's."""
    for column in rows[0].columns:
        if column in {"entry_id", "choice"}:
            continue
        groups: dict[object, list[Row]] = defaultdict(list)
        for row in rows:
            groups[row.columns[column]].append(row)
        sheet = session_entries - recused
        matches = [g for g in groups.values() if {r.entry for r in g} == sheet]
        if len(matches) == 1:
            return matches[0]
    return []


def sheet_sizes(m: Meeting) -> list[int]:
    """What the attacker knows of each voter, in voting order: the number of entries on their sheet."""
    recused = Counter(c.expert_id for c in Conflict.objects.filter(session=m.session))
    return [len(m.entries) - recused[seat.expert_id] for seat in m.voters]


def guess_by_order(rows: Sequence[Row], sizes: Iterable[int]) -> list[dict[int, object]]:
    """Cut the rows, in storage order, into consecutive sheets of the voters' sizes, in the order they voted."""
    guesses, start = [], 0
    for size in sizes:
        guesses.append({r.entry: r.columns["choice"] for r in rows[start : start + size]})
        start += size
    return guesses


def guess_by_receipt(ballots: Sequence[Row], commitments: Sequence[Row], m: Meeting) -> list[dict[int, object]]:
    """With each voter's code: find their commitments, take the ballot at the same place within the applicant."""
    per_entry_ballots: dict[int, list[Row]] = defaultdict(list)
    per_entry_commitments: dict[int, list[str]] = defaultdict(list)
    for row in ballots:
        per_entry_ballots[row.entry].append(row)
    for row in commitments:
        per_entry_commitments[row.entry].append(str(row.columns["commitment"]))
    guesses = []
    for code in m.codes:
        secret = receipts.secret_of(code)
        guess = {}
        for entry, values in per_entry_commitments.items():
            mine = receipts.commitment(secret, m.session.pk, entry)
            if mine in values:
                guess[entry] = per_entry_ballots[entry][values.index(mine)].columns["choice"]
        guesses.append(guess)
    return guesses


def accuracy(guesses: Sequence[dict[int, object]], truth: Sequence[dict[int, str]]) -> float:
    total = sum(len(sheet) for sheet in truth)
    right = sum(
        guess.get(entry) == choice
        for guess, sheet in zip(guesses, truth, strict=True)
        for entry, choice in sheet.items()
    )
    return right / total


def chance(truth: Sequence[dict[int, str]]) -> float:
    """The best an attacker does with no link: for each applicant, guess its most frequent choice for everyone."""
    per_entry: dict[int, Counter[str]] = defaultdict(Counter)
    for sheet in truth:
        for entry, choice in sheet.items():
            per_entry[entry][choice] += 1
    return sum(c.most_common(1)[0][1] for c in per_entry.values()) / sum(len(s) for s in truth)


# The tests


def test_r69_the_attacks_link_every_vote_on_the_old_layout():
    m = _meeting()
    old = _old_layout(m)
    recused_voter, recused_entries = 5, {m.entries[i].pk for i in RECUSALS[5]}

    linked = link_by_recusal(old, {e.pk for e in m.entries}, recused_entries)
    assert {r.entry: r.columns["choice"] for r in linked} == m.sheets[recused_voter]
    assert accuracy(guess_by_order(old, sheet_sizes(m)), m.sheets) == 1.0
    aligned = [  # commitments stored in the same order as the ballots
        Row(
            {
                "entry_id": r.entry,
                "commitment": receipts.commitment(receipts.secret_of(m.codes[v]), m.session.pk, r.entry),
            }
        )
        for v, sheet in enumerate(m.sheets)
        for r in old
        if r.columns["receipt_digest"] == f"digest-{v}"
    ]
    assert accuracy(guess_by_receipt(old, aligned, m), m.sheets) == 1.0


def test_r69_no_stored_value_is_shared_by_two_ballots_or_by_a_ballot_and_a_commitment(meeting):
    ballots, commitments = _stored("ballots_ballot"), _stored("ballots_receiptcommitment")
    assert len(ballots) == len(commitments) == sum(len(s) for s in meeting.sheets) == 9 * APPLICANTS - 3
    for rows, shared_by_design in ((ballots, {"entry_id", "choice"}), (commitments, {"entry_id"})):
        for column in rows[0].columns.keys() - shared_by_design:
            assert len({r.columns[column] for r in rows}) == len(rows), column
    ballot_values = {v for r in ballots for k, v in r.columns.items() if k != "entry_id"}
    commitment_values = {v for r in commitments for k, v in r.columns.items() if k != "entry_id"}
    assert not ballot_values & commitment_values


def test_r69_recusals_and_attendance_link_no_ballot_to_the_recused_expert(meeting):
    session_entries = {e.pk for e in meeting.entries}
    for rows in (_stored("ballots_ballot"), _stored("ballots_receiptcommitment")):
        for voter, indexes in RECUSALS.items():
            recused = {meeting.entries[i].pk for i in indexes}
            assert link_by_recusal(rows, session_entries, recused) == [], voter
    print(f"\nrecusal attack: 0 of {sum(len(meeting.sheets[v]) for v in RECUSALS)} recused experts' votes linked")
    absent = [s for s in seats(meeting.session) if not s.attended]
    assert len(absent) == 2
    assert Counter(r.entry for r in _stored("ballots_ballot")) == {
        e.pk: 9 - sum(i in idx for idx in RECUSALS.values()) for i, e in enumerate(meeting.entries)
    }


def test_r69_storage_order_and_key_order_guess_no_better_than_chance(meeting):
    sizes = sheet_sizes(meeting)
    baseline = chance(meeting.sheets)
    physical = _stored("ballots_ballot")
    by_key = sorted(physical, key=lambda r: str(r.columns["id"]))

    for name, order in (("storage order", physical), ("key order", by_key)):
        score = accuracy(guess_by_order(order, sizes), meeting.sheets)
        print(f"\nlink attack by {name}: {score:.0%} of choices right; chance {baseline:.0%}; old layout 100%")
        assert score < baseline + MARGIN


def test_r69_a_coercer_with_every_receipt_code_and_the_database_learns_no_choice(meeting):
    ballots, commitments = _stored("ballots_ballot"), _stored("ballots_receiptcommitment")
    guesses = guess_by_receipt(ballots, commitments, meeting)
    assert all(set(g) == set(sheet) for g, sheet in zip(guesses, meeting.sheets, strict=True))  # codes do find rows
    score, baseline = accuracy(guesses, meeting.sheets), chance(meeting.sheets)
    print(f"\nlink attack with every receipt code: {score:.0%} of choices right; chance {baseline:.0%}")
    assert score < baseline + MARGIN


def test_r69_the_receipt_check_answers_counted_and_never_the_choices(client, meeting):
    base = f"/api/v1/ballots/sessions/{meeting.session.pk}/receipt"
    for user in (meeting.voters[4].expert.user, meeting.session.created_by):  # the voter, then agency staff
        client.force_login(user)
        answer = client.post(base, {"receipt": meeting.codes[4]}, content_type="application/json")
        assert answer.json() == {"recorded": True, "counted": True}
        page = client.post(reverse("ballots:receipt", args=[meeting.session.pk]), {"code": meeting.codes[4]})
        section = page.content.decode().split('id="receipt-check"')[1].split("</section>")[0]
        assert "已计入" in section
        assert not any(label in section for label in ("同意", "弃权"))
    forged = client.post(base, {"receipt": receipts.new_code()}, content_type="application/json")
    assert forged.json() == {"recorded": False, "counted": False}


def test_r69_while_voting_the_database_shows_who_voted_but_no_choice(meeting):
    for n, (ballots, commitments, envelopes) in enumerate(meeting.snapshots, start=1):
        assert (ballots, commitments, len(envelopes)) == (0, 0, n)
    final = meeting.snapshots[-1][2]
    # The length says nothing about the choices: envelopes fall into as many lengths, of the same sizes, as the
    # sheets fall into numbers of entries (recusals, public anyway), whatever was chosen on them.
    by_length = Counter(len(envelope) for envelope in final)
    by_entries = Counter(len(sheet) for sheet in meeting.sheets)
    assert sorted(by_length.values()) == sorted(by_entries.values())
    assert len(set(final)) == len(final)
    for envelope in final:
        with pytest.raises(json.JSONDecodeError):
            json.loads(envelope)
    assert not SealedSheet.objects.exists()  # opened and gone after the close


def test_r69_the_audit_trail_names_voters_but_no_ballot_or_commitment(meeting):
    stored = {str(r.columns["id"]) for r in _stored("ballots_ballot")} | {
        str(r.columns["commitment"]) for r in _stored("ballots_receiptcommitment")
    }
    events = AuditEvent.objects.all()
    text = " ".join(f"{e.reason} {json.dumps(e.data)}" for e in events)
    assert not any(value in text for value in stored)
    cast = list(events.filter(action="cast_ballot").order_by("id"))
    assert [e.actor_id for e in cast] == [s.expert.user_id for s in meeting.voters]
    assert all(e.data == {} for e in cast)
