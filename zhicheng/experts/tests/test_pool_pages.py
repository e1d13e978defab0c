"""The pool pages: who sees which experts, filters, pagination, masked phones and the category shares (R-62)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory
from zhicheng.experts.models import ExpertStatus
from zhicheng.experts.selectors import list_experts_for
from zhicheng.experts.tests.factories import ExpertFactory, ExpertWithAccountFactory


def _queries_for_list(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("experts:list"))
    assert response.status_code == 200
    return len(queries)


def test_list_takes_the_same_number_of_queries_for_3_and_30_rows(client, bureau, series):
    ExpertWithAccountFactory.create_batch(3, series=series)
    few = _queries_for_list(client, bureau)
    ExpertWithAccountFactory.create_batch(27, series=series)

    many = _queries_for_list(client, bureau)

    assert many == few


def test_list_loads_the_rows_of_a_page_in_one_query(django_assert_num_queries, bureau, series):
    ExpertWithAccountFactory.create_batch(30, series=series, unit=None, specialty=None)

    with django_assert_num_queries(1):
        rows = list(list_experts_for(bureau)[:50])
        labels = [(e.series.name, e.unit_name, e.masked_phone, e.user.username) for e in rows]

    assert len(labels) == 30


def test_list_paginates_by_fifty_and_masks_phones(client, bureau, series):
    ExpertWithAccountFactory.create_batch(51, series=series, phone="13812345678")
    client.force_login(bureau)

    first = client.get(reverse("experts:list")).content.decode()
    second = client.get(reverse("experts:list"), {"page": 2}).content.decode()

    assert first.count("138****5678") == 50
    assert second.count("138****5678") == 1
    assert "13812345678" not in first
    assert "共 51 条" in first


def test_filters_by_level_status_category_and_name(bureau, series):
    young = ExpertFactory(series=series, name="青年甲", is_young=True, level=Level.SENIOR_DEPUTY)
    ExpertFactory(series=series, name="资深乙", status=ExpertStatus.CANDIDATE)

    assert list(list_experts_for(bureau, category="young")) == [young]
    assert list(list_experts_for(bureau, level=Level.SENIOR_DEPUTY)) == [young]
    assert [e.name for e in list_experts_for(bureau, status=ExpertStatus.CANDIDATE)] == ["资深乙"]
    assert [e.name for e in list_experts_for(bureau, q="资深")] == ["资深乙"]
    assert list(list_experts_for(bureau, series=series.pk + 1000)) == []


def test_r62_page_shows_the_share_of_each_category_in_the_filtered_pool(client, bureau, series, other_series):
    ExpertFactory(series=series, is_grassroots=True, is_young=True)
    ExpertFactory(series=series, is_grassroots=True)
    ExpertFactory(series=series, is_non_public=True)
    ExpertFactory(series=series)
    ExpertFactory(series=other_series, is_central_unit=True)
    client.force_login(bureau)

    page = client.get(reverse("experts:list"), {"series": series.pk}).content.decode()

    assert "符合条件的专家共 <strong>4</strong> 人" in page
    assert "2 人（50.0%）" in page  # 基层一线
    assert "1 人（25.0%）" in page  # 非公领域, 青年
    assert "0 人（0.0%）" in page  # 中央单位: the expert of the other series is filtered out


def test_agency_sees_only_the_series_of_its_committees(client, agency, series, other_series):
    mine = ExpertFactory(series=series, name="本系列专家")
    other = ExpertFactory(series=other_series, name="他系列专家")
    client.force_login(agency)

    page = client.get(reverse("experts:list")).content.decode()

    assert "本系列专家" in page
    assert "他系列专家" not in page
    assert client.get(reverse("experts:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("experts:detail", args=[other.pk])).status_code == 404


def test_agency_sees_a_self_evaluating_units_list_only_for_a_committee_it_runs(agency, committee, series):
    unit_list = ExpertFactory(series=series)
    unit_list.pool_owner = unit_list.unit
    unit_list.save()
    city = ExpertFactory(series=series)

    assert list(list_experts_for(agency)) == [city]

    CommitteeFactory(series=series, agency=committee.agency, self_evaluating_unit=unit_list.unit)

    assert list(list_experts_for(agency)) == [unit_list, city]


def test_other_agency_gets_404_for_an_expert_outside_its_series(client, other_agency, series):
    expert = ExpertFactory(series=series)
    client.force_login(other_agency)

    assert client.get(reverse("experts:detail", args=[expert.pk])).status_code == 404
    assert expert.name not in client.get(reverse("experts:list")).content.decode()


@pytest.mark.parametrize("persona", ["zhang_san", "unit_hr"])
def test_applicants_and_units_cannot_open_the_pool(client, persona, request, series):
    expert = ExpertFactory(series=series)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("experts:list")).status_code == 403
    assert client.get(reverse("experts:detail", args=[expert.pk])).status_code == 403


def test_an_expert_cannot_open_the_pool(client, series):
    expert = ExpertWithAccountFactory(series=series)
    client.force_login(expert.user)

    assert client.get(reverse("experts:list")).status_code == 403


def test_detail_masks_the_phone_and_shows_the_history(client, bureau, series):
    expert = ExpertWithAccountFactory(series=series, phone="13912345678", status=ExpertStatus.CANDIDATE)
    client.force_login(bureau)
    client.post(reverse("experts:file", args=[expert.pk]))

    page = client.get(reverse("experts:detail", args=[expert.pk])).content.decode()

    assert "139****5678" in page
    assert "13912345678" not in page
    assert "市人社局：市局工作人员" in page
    assert "<td>备案</td>" in page
