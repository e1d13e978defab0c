"""R-104 on the pages: the agency sees its application's findings with the other application's number only,
concludes each one, and a fraud conclusion becomes the proposal the bureau decides (R-25)."""

import pytest
from django.urls import reverse

from zhicheng.accounts.models import OrgKind, Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.applications.models import AchievementKind
from zhicheng.applications.tests.factories import AchievementFactory
from zhicheng.catalog.tests.factories import CommitteeFactory
from zhicheng.comparison.models import Finding, FindingKind, FindingStatus
from zhicheng.comparison.services import check_application
from zhicheng.comparison.tests.test_check_application import application_of
from zhicheng.integrity.models import CaseStatus, FraudCase

PATENT = {"kind": AchievementKind.PATENT, "title": "一种桥梁索力监测装置", "patent_number": "ZL202110000001.X"}


@pytest.fixture
def shared_patent(in_review):
    """In review at this agency; another agency's applicant claims the same patent."""
    AchievementFactory(application=in_review, **PATENT)
    other_agency = AgencyFactory(name="北京市另一评审服务中心", kind=OrgKind.AGENCY)
    other = application_of(2, **PATENT)
    other.committee = CommitteeFactory(agency=other_agency)
    other.save()
    check_application(other)
    check_application(in_review)
    return other


def test_r104_agency_sees_the_finding_but_not_the_other_applicants_person_or_page(
    client, reviewer, in_review, shared_patent
):
    client.force_login(reviewer)
    body = client.get(reverse("agency_review:review", args=[in_review.pk])).content.decode()
    assert "同一成果编号" in body
    assert shared_patent.number in body
    assert shared_patent.applicant.real_name not in body
    assert shared_patent.applicant.id_number not in body
    assert reverse("agency_review:review", args=[shared_patent.pk]) not in body
    # The attack: open the other application directly.
    assert client.get(reverse("agency_review:review", args=[shared_patent.pk])).status_code == 404


def test_r104_explained_finding_is_kept_with_the_note(client, reviewer, in_review, shared_patent):
    finding = Finding.objects.get(application=in_review, kind=FindingKind.SAME_IDENTIFIER)
    client.force_login(reviewer)
    response = client.post(
        reverse("comparison:conclude", args=[finding.pk]), {"status": "explained", "note": "二人为共同发明人"}
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.status, finding.note, finding.reviewed_by) == (
        FindingStatus.EXPLAINED,
        "二人为共同发明人",
        reviewer,
    )
    assert not FraudCase.objects.exists()


def test_r104_fraud_conclusion_goes_to_the_bureau_as_a_proposal(client, reviewer, in_review, shared_patent):
    finding = Finding.objects.get(application=in_review, kind=FindingKind.SAME_IDENTIFIER)
    client.force_login(reviewer)
    client.post(reverse("comparison:conclude", args=[finding.pk]), {"status": "fraud", "note": "专利权人非申报人"})
    case = FraudCase.objects.get()
    assert (case.application_id, case.finding_id, case.status) == (in_review.pk, finding.pk, CaseStatus.PROPOSED)
    assert "专利权人非申报人" in case.facts


def test_r104_another_agency_cannot_conclude_this_agencys_finding(client, other_reviewer, in_review, shared_patent):
    finding = Finding.objects.get(application=in_review, kind=FindingKind.SAME_IDENTIFIER)
    client.force_login(other_reviewer)
    response = client.post(reverse("comparison:conclude", args=[finding.pk]), {"status": "explained", "note": "x"})
    assert response.status_code == 404
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.OPEN


def test_r104_bureau_report_lists_each_pair_once_with_both_names(client, officer, in_review, shared_patent):
    client.force_login(officer)
    body = client.get(reverse("comparison:report"), {"kind": FindingKind.SAME_IDENTIFIER}).content.decode()
    assert body.count("同一成果编号") == 2  # the filter's option and the one row
    assert in_review.applicant.real_name in body
    assert shared_patent.applicant.real_name in body


@pytest.mark.parametrize("role", [Role.AGENCY, Role.APPLICANT, Role.UNIT_HR])
def test_r104_only_the_bureau_reads_the_report(client, role, shared_patent):
    client.force_login(UserFactory(username=f"r_{role}", role=role))
    assert client.get(reverse("comparison:report")).status_code == 403
