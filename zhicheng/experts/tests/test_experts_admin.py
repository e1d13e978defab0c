"""The bureau reads the pool and the filings in the admin; phones stay masked and statuses change only on the pages."""

from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.experts.models import CommitteeFiling
from zhicheng.experts.tests.factories import ExpertWithAccountFactory


def test_bureau_opens_experts_and_filings_in_the_admin_with_the_phone_masked(client, committee, agency, series):
    expert = ExpertWithAccountFactory(series=series, phone="13612345678")
    filing = CommitteeFiling.objects.create(
        committee=committee, size=25, valid_from="2025-01-01", valid_until="2027-12-31", submitted_by=agency
    )
    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))

    changelist = client.get(reverse("admin:experts_expert_changelist")).content.decode()
    change = client.get(reverse("admin:experts_expert_change", args=[expert.pk])).content.decode()

    assert "136****5678" in changelist
    assert "136****5678" in change
    assert "13612345678" not in change
    assert 'name="status"' not in change
    assert client.get(reverse("admin:experts_expert_add")).status_code == 403
    assert client.get(reverse("admin:experts_committeefiling_change", args=[filing.pk])).status_code == 200
    assert client.get(reverse("admin:experts_committeefiling_add")).status_code == 403


def test_agency_staff_cannot_open_the_pool_in_the_admin(client, agency):
    agency.is_staff = True
    agency.save()
    client.force_login(agency)

    assert client.get(reverse("admin:experts_expert_changelist")).status_code == 403
