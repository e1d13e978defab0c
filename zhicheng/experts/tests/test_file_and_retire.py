"""备案 and 退出 by the bureau, one by one and for the ticked rows; every change is audited (R-62)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.audit.models import AuditEvent
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.experts.services import ExpertError, file_expert, file_experts, retire_expert, retire_experts
from zhicheng.experts.tests.factories import ExpertFactory


@pytest.fixture
def candidate(series):
    return ExpertFactory(series=series, name="候选专家", status=ExpertStatus.CANDIDATE, filed_on=None)


def test_r62_bureau_files_a_candidate_as_of_today(bureau, candidate):
    file_expert(candidate, by=bureau)

    candidate.refresh_from_db()
    assert (candidate.status, candidate.filed_on) == (ExpertStatus.FILED, timezone.localdate())
    event = AuditEvent.objects.get(action="expert_filed")
    assert (event.from_state, event.to_state, event.actor) == ("candidate", "filed", bureau)


def test_r62_a_filed_expert_cannot_be_filed_again(bureau, series):
    filed = ExpertFactory(series=series, name="已备案专家")

    with pytest.raises(ExpertError, match="只能备案待备案的专家，以下专家不能备案：已备案专家（已备案）"):
        file_expert(filed, by=bureau)

    assert not AuditEvent.objects.filter(action="expert_filed").exists()


def test_r62_retiring_needs_a_reason_and_is_recorded(bureau, candidate):
    with pytest.raises(ExpertError, match="请填写退出原因"):
        retire_expert(candidate, by=bureau, reason="  ")

    retire_expert(candidate, by=bureau, reason="本人申请退出")

    candidate.refresh_from_db()
    assert (candidate.status, candidate.retire_reason) == (ExpertStatus.RETIRED, "本人申请退出")
    assert candidate.retired_on == timezone.localdate()
    assert AuditEvent.objects.get(action="expert_retired").reason == "本人申请退出"


def test_r62_a_retired_expert_can_be_neither_filed_nor_retired(bureau, candidate):
    retire_expert(candidate, by=bureau, reason="调离")

    with pytest.raises(ExpertError, match="不能备案"):
        file_expert(candidate, by=bureau)
    with pytest.raises(ExpertError, match="已退出专家库"):
        retire_expert(candidate, by=bureau, reason="再次退出")


def test_r62_only_the_bureau_files_experts(agency, candidate):
    with pytest.raises(ExpertError, match="只有市人社局可以备案评审专家"):
        file_expert(candidate, by=agency)

    candidate.refresh_from_db()
    assert candidate.status == ExpertStatus.CANDIDATE


def test_r62_bulk_filing_changes_none_when_one_selected_row_is_wrong(bureau, series, candidate):
    filed = ExpertFactory(series=series, name="已备案专家")

    with pytest.raises(ExpertError, match="已备案专家（已备案）"):
        file_experts([candidate, filed], by=bureau)

    candidate.refresh_from_db()
    assert candidate.status == ExpertStatus.CANDIDATE


def test_r62_bulk_retire_writes_one_audit_event_per_expert(bureau, series):
    experts = ExpertFactory.create_batch(3, series=series)

    assert retire_experts(experts, by=bureau, reason="届满") == 3

    assert AuditEvent.objects.filter(action="expert_retired").count() == 3


def test_bureau_files_from_the_detail_page(client, bureau, candidate):
    client.force_login(bureau)

    response = client.post(reverse("experts:file", args=[candidate.pk]), follow=True)

    assert "专家候选专家已备案" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == ExpertStatus.FILED


def test_refused_retire_is_shown_in_chinese(client, bureau, candidate):
    client.force_login(bureau)

    response = client.post(reverse("experts:retire", args=[candidate.pk]), {"reason": ""}, follow=True)

    assert "请填写退出原因" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.status == ExpertStatus.CANDIDATE


def test_bureau_files_the_ticked_rows(client, bureau, series):
    ticked = ExpertFactory.create_batch(2, series=series, status=ExpertStatus.CANDIDATE, filed_on=None)
    left = ExpertFactory(series=series, status=ExpertStatus.CANDIDATE, filed_on=None)
    client.force_login(bureau)

    response = client.post(
        reverse("experts:bulk"),
        {"action": "file", "ids": [e.pk for e in ticked], "querystring": "status=candidate"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("experts:list") + "?status=candidate"
    assert "已备案2名专家" in response.content.decode()
    left.refresh_from_db()
    assert left.status == ExpertStatus.CANDIDATE
    assert all(e.status == ExpertStatus.FILED for e in Expert.objects.filter(pk__in=[e.pk for e in ticked]))


def test_bulk_without_a_ticked_row_is_refused(client, bureau):
    client.force_login(bureau)

    response = client.post(reverse("experts:bulk"), {"action": "file"}, follow=True)

    assert "请至少选择一名专家" in response.content.decode()


def test_an_agency_cannot_file_or_retire(client, agency, candidate):
    client.force_login(agency)

    assert client.post(reverse("experts:file", args=[candidate.pk])).status_code == 403
    assert client.post(reverse("experts:retire", args=[candidate.pk]), {"reason": "x"}).status_code == 403
    assert client.post(reverse("experts:bulk"), {"action": "file", "ids": [candidate.pk]}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.status == ExpertStatus.CANDIDATE
