import datetime

from django.urls import reverse
from django.utils import timezone

from zhicheng.accounts.tests.factories import ApplicantFactory
from zhicheng.agency_review.selectors import status_counts, upcoming_deadlines
from zhicheng.applications.models import Status
from zhicheng.applications.tests.factories import ApplicationFactory


def _app(plan, committee, status, n, due_in=None):
    return ApplicationFactory(
        plan=plan,
        committee=committee,
        status=status,
        applicant=ApplicantFactory(identity=f"DASH{n:04d}"),
        due_on=timezone.localdate() + datetime.timedelta(days=due_in) if due_in is not None else None,
    )


def test_dashboard_counts_statuses_per_committee_in_one_query(reviewer, plan, committee, django_assert_num_queries):
    _app(plan, committee, Status.AGENCY_REVIEW, 1)
    _app(plan, committee, Status.AGENCY_REVIEW, 2)
    _app(plan, committee, Status.PAID, 3)
    _app(plan, committee, Status.SUBMITTED, 4)  # still with the unit: not the agency's

    with django_assert_num_queries(1):
        rows = status_counts(reviewer)

    assert rows == [{"committee": committee.name, "counts": [2, 0, 0, 1, 0]}]


def test_dashboard_lists_corrections_and_payments_due_in_five_days(client, reviewer, plan, committee):
    soon = _app(plan, committee, Status.CORRECTION, 1, due_in=2)
    paying = _app(plan, committee, Status.APPROVED, 2, due_in=5)
    _app(plan, committee, Status.APPROVED, 3, due_in=6)
    _app(plan, committee, Status.PAID, 4, due_in=1)

    assert list(upcoming_deadlines(reviewer, timezone.localdate())) == [soon, paying]
    client.force_login(reviewer)
    page = client.get(reverse("agency_review:dashboard")).content.decode()
    assert soon.number in page
    assert "补正材料" in page
    assert "缴纳评审费" in page
