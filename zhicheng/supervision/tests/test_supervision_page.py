"""R-101 through the bureau's page: a suspension recorded there stops the agency's committee for applicants."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.services import ApplicationError, start_application
from zhicheng.supervision.models import AgencySanction


def test_r101_suspension_recorded_on_the_page_is_the_reason_an_applicant_cannot_apply(
    client, bureau, committee, plan, zhang_san
):
    client.force_login(bureau)
    response = client.post(
        reverse("supervision:overview"),
        {
            "action": "sanction",
            "sanction-agency": committee.agency.pk,
            "sanction-kind": "suspend",
            "sanction-reason": "评审专家抽取不规范",
            "sanction-decision_number": "京人社职称〔2026〕30号",
            "sanction-starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert AgencySanction.objects.get().kind == "suspend"

    with pytest.raises(ApplicationError, match="评审专家抽取不规范"):
        start_application(by=zhang_san, plan=plan, committee=committee, level=committee.levels[0])


def test_r101_a_remedy_without_deadline_is_refused_on_the_page(client, bureau, committee):
    client.force_login(bureau)
    response = client.post(
        reverse("supervision:overview"),
        {
            "action": "sanction",
            "sanction-agency": committee.agency.pk,
            "sanction-kind": "remedy",
            "sanction-reason": "材料审核不严",
            "sanction-decision_number": "京人社职称〔2026〕31号",
            "sanction-starts_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "整改期限" in response.content.decode()
    assert not AgencySanction.objects.exists()


@pytest.mark.parametrize("role", [Role.AGENCY, Role.APPLICANT, Role.EXPERT])
def test_r101_only_the_bureau_opens_supervision(db, client, role):
    client.force_login(UserFactory(username=f"s_{role}", role=role))
    assert client.get(reverse("supervision:overview")).status_code == 403
