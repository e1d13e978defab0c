import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhicheng.catalog.models import Level
from zhicheng.postings.models import PostedResult

from .factories import accepted_session, applications, at, posted

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(r"\d{17}[\dX]")
PHONE = re.compile(r"1\d{10}")


def test_r81_public_list_shows_publisher_committee_and_period_and_filters_by_publisher(client, bureau):
    session = accepted_session(bureau, applications=2, levels=(Level.SENIOR_DEPUTY,))
    posted(session, bureau)

    bureau_cell = "<td>北京市人力资源和社会保障局</td>"
    agency_cell = f"<td>{session.committee.agency.name}</td>"
    everything = client.get("/results/").content.decode()
    assert bureau_cell in everything
    assert agency_cell in everything
    assert "2024年9月27日 至 2024年10月9日" in everything
    only_bureau = client.get("/results/?publisher=bureau").content.decode()
    assert bureau_cell in only_bureau
    assert agency_cell not in only_bureau
    assert bureau_cell not in client.get("/results/?publisher=agency").content.decode()


def test_r81_public_detail_names_unit_series_and_level_without_id_number_or_phone(client, bureau):
    session = accepted_session(bureau, applications=2)
    (posting,) = posted(session, bureau)
    first = applications(session)[0]

    page = client.get(f"/results/{posting.pk}/").content.decode()

    assert first.applicant.real_name in page
    assert first.unit.name in page
    assert "工程技术" in page
    assert "中级" in page
    assert not FULL_ID.search(page)
    assert not PHONE.search(page)
    assert first.applicant.id_number not in page


def test_r81_public_detail_costs_three_queries_for_30_rows_and_for_3(client, bureau):
    session = accepted_session(bureau, applications=30)
    (posting,) = posted(session, bureau)
    for rows in (30, 3):
        posting.results.filter(pk__in=posting.results.order_by("id").values("pk")[rows:]).update(
            withdrawn_at=datetime.datetime.now(datetime.UTC)
        )
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/results/{posting.pk}/").content.decode()
        assert page.count("投诉举报</a>") == rows
        assert len(queries) == 3, [q["sql"] for q in queries]


def test_r81_public_detail_is_searched_by_name_or_unit_50_a_page(client, bureau):
    session = accepted_session(bureau, applications=3)
    (posting,) = posted(session, bureau)
    first, second, _ = applications(session)

    by_name = client.get(f"/results/{posting.pk}/", {"q": second.applicant.real_name}).content.decode()
    assert second.applicant.real_name in by_name
    assert first.applicant.real_name not in by_name
    by_unit = client.get(f"/results/{posting.pk}/", {"q": first.unit.name}).content.decode()
    assert first.applicant.real_name in by_unit
    assert second.applicant.real_name not in by_unit


def test_r81_a_posting_is_public_only_from_its_first_day(client, bureau):
    session = accepted_session(bureau, applications=1)
    (posting,) = posted(session, bureau, datetime.date(2024, 9, 30))

    assert client.get(f"/results/{posting.pk}/").status_code == 404
    assert session.committee.name not in client.get("/results/").content.decode()
    with at(datetime.date(2024, 9, 30)):
        assert client.get(f"/results/{posting.pk}/").status_code == 200


def test_r82_a_withdrawn_result_is_gone_from_the_public_pages(client, bureau):
    session = accepted_session(bureau, applications=2)
    (posting,) = posted(session, bureau)
    first = applications(session)[0]
    PostedResult.objects.filter(application=first).update(withdrawn_at=datetime.datetime.now(datetime.UTC))

    page = client.get(f"/results/{posting.pk}/").content.decode()

    assert first.applicant.real_name not in page
    assert client.get(f"/results/results/{first.posted_result.pk}/complain/").status_code == 404
