import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.ballots import services
from zhicheng.ballots.models import Ballot, Choice, ReceiptCommitment, SealedSheet
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import PASSWORD, agency_of, entries, opened_meeting, presider, seats

VOTER_TABLES = ("evaluations_seat", "experts_expert", "accounts_user")
BALLOT_TABLES = {"ballots_ballot", "ballots_receiptcommitment", "ballots_sealedsheet"}


def test_r69_a_ballot_row_holds_only_its_entry_and_choice_under_a_random_key():
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "entry", "choice"}
    assert {f.name for f in ReceiptCommitment._meta.concrete_fields} == {"id", "entry", "commitment"}
    for model in (Ballot, ReceiptCommitment, SealedSheet):
        assert model._meta.pk.get_internal_type() == "UUIDField"


def _links_a_ballot_to_a_voter(sql: str) -> bool:
    tables = set(re.findall(r'"?(\w+)"?\.', sql)) | set(re.findall(r'(?:FROM|JOIN|INTO|UPDATE)\s+"?(\w+)"?', sql))
    return bool(tables & BALLOT_TABLES) and any(t in tables for t in VOTER_TABLES)


@pytest.mark.django_db
def test_r69_no_query_links_a_ballot_to_its_voter_from_casting_to_the_archive(client):
    session = opened_meeting(experts=9, applications=2)
    panel_choices = {e.pk: Choice.APPROVE for e in entries(session)}
    chair = presider(session)
    voters = [s for s in seats(session) if s.attended]

    with CaptureQueriesContext(connection) as captured:
        client.force_login(chair)
        client.post(reverse("ballots:open_voting", args=[session.pk]))
        codes = []
        for seat in voters:
            client.force_login(seat.expert.user)
            response = client.post(
                reverse("ballots:ballot", args=[session.pk]), {f"entry-{pk}": c for pk, c in panel_choices.items()}
            )
            codes.append(response.context["code"])
        client.force_login(chair)
        client.get(reverse("ballots:preside", args=[session.pk]))
        client.post(reverse("ballots:close_voting", args=[session.pk]))
        services.tally_session(session)
        client.post(reverse("ballots:receipt", args=[session.pk]), {"code": codes[0]})
        client.get(reverse("ballots:results", args=[session.pk]))
        client.get(f"/api/v1/ballots/sessions/{session.pk}/results")
        client.post(
            f"/api/v1/ballots/sessions/{session.pk}/receipt", {"receipt": codes[1]}, content_type="application/json"
        )
        for seat in voters:
            client.force_login(seat.expert.user)
            client.post(reverse("ballots:sign", args=[session.pk]), {"password": PASSWORD})
        client.get(reverse("ballots:minutes", args=[session.pk]))
        client.get(reverse("ballots:minutes_pdf", args=[session.pk]))
        client.force_login(agency_of(session))
        client.get(reverse("ballots:meeting", args=[session.pk]))
        client.get(f"/api/v1/ballots/sessions/{session.pk}/minutes")
        client.get(f"/api/v1/ballots/sessions/{session.pk}/minutes/pdf")
        client.force_login(bureau_staff())
        client.get(reverse("ballots:minutes", args=[session.pk]))

    session.refresh_from_db()
    assert session.status == "signed"
    ballot_queries = [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in BALLOT_TABLES)]
    assert len(ballot_queries) >= 9 + 3  # the sealed sheets, the opening, the tally and the receipt look-ups
    assert [sql for sql in ballot_queries if _links_a_ballot_to_a_voter(sql)] == []


def test_the_link_detector_catches_a_join_to_the_voter():
    sql = (
        'SELECT "ballots_ballot"."choice" FROM "ballots_ballot" INNER JOIN "evaluations_sessionapplication" ON '
        '("ballots_ballot"."entry_id" = "evaluations_sessionapplication"."id") INNER JOIN "accounts_user" ON (1=1)'
    )
    assert _links_a_ballot_to_a_voter(sql)
    assert not _links_a_ballot_to_a_voter(sql.split(' INNER JOIN "accounts_user"')[0])
