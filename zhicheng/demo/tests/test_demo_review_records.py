"""The demo's applications past submission carry the records the review pages read: postings, objections,
recommendations, district decisions, correction notices, fee notices and payments, dated as they happened."""

import pytest
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.agency_review.targets import correction_targets
from zhicheng.applications.models import Application, Status
from zhicheng.applications.services import open_targets
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Level
from zhicheng.district_review.models import DistrictDecision
from zhicheng.evaluations.models import EvaluationSession, SessionStatus
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.fees.models import FeeNotice, PaymentStatus
from zhicheng.unit_review.models import ObjectionStatus, Posting, Recommendation

pytestmark = pytest.mark.django_db

POSTED = [
    Status.UNIT_POSTING,
    Status.DISTRICT_REVIEW,
    Status.NOT_RECOMMENDED,
    Status.AGENCY_REVIEW,
    Status.CORRECTION,
    Status.APPROVED,
    Status.PAID,
]
RECOMMENDED = [s for s in POSTED if s != Status.UNIT_POSTING]


def test_r30_every_application_past_submission_was_posted_for_five_working_days(demo):
    applications = Application.objects.filter(status__in=POSTED)
    assert applications.exists()
    for application in applications:
        posting = Posting.objects.filter(application=application).get()
        assert posting.version_number == 1
        assert posting.starts_on <= posting.ends_on


def test_r32_every_recommended_application_has_the_units_opinion_given_after_its_posting_ended(demo):
    applications = Application.objects.filter(status__in=RECOMMENDED)
    assert applications.exists()
    for application in applications:
        recommendation = Recommendation.objects.get(application=application)
        posting = Posting.objects.get(application=application)
        assert recommendation.opinion
        assert timezone.localdate(recommendation.created_at) > posting.ends_on


def test_r31_objections_were_recorded_and_one_posting_has_one_still_open(demo):
    postings = Posting.objects.filter(objections__isnull=False).distinct()
    statuses = {o.status for p in postings for o in p.objections.all()}
    assert statuses == {ObjectionStatus.OPEN, ObjectionStatus.RESOLVED}
    for posting in postings:
        for objection in posting.objections.filter(status=ObjectionStatus.OPEN):
            assert objection.posting.application.status == Status.UNIT_POSTING


def test_r41_every_application_in_correction_has_a_notice_listing_what_it_may_change(demo):
    applications = Application.objects.filter(status=Status.CORRECTION)
    assert applications.exists()
    targets = correction_targets()
    for application in applications:
        notice = CorrectionNotice.objects.get(application=application)
        items = list(notice.items.all())
        assert 1 <= len(items) <= 3
        assert all(item.target in targets and item.problem and item.requirement for item in items)
        assert notice.due_on >= timezone.localdate()
        assert open_targets(application) == {item.target for item in items}


def test_r50_approved_ones_have_a_fee_notice_and_paid_ones_a_paid_payment(demo):
    approved = Application.objects.filter(status=Status.APPROVED)
    assert approved.exists()
    for application in approved:
        assert FeeNotice.objects.get(application=application).due_on >= timezone.localdate()
    paid = Application.objects.filter(status=Status.PAID)
    assert paid.exists()
    for application in paid:
        notice = FeeNotice.objects.get(application=application)
        payment = notice.payments.get(status=PaymentStatus.PAID)
        assert payment.amount == notice.amount
        assert payment.gateway_txn_id
        assert history_for(application).filter(action="pay", actor=None).exists()


def test_r43_r50_abandoned_ones_missed_a_correction_or_payment_deadline(demo):
    abandoned = Application.objects.filter(status=Status.ABANDONED)
    assert abandoned.exists()
    for application in abandoned:
        notices = CorrectionNotice.objects.filter(application=application)
        fee_notice = FeeNotice.objects.filter(application=application).first()
        deadline = notices.get().due_on if notices.exists() else fee_notice.due_on
        assert deadline < timezone.localdate()
        assert history_for(application).filter(action="abandon", actor=None).exists()


def test_fast_track_applications_went_through_their_district_bureau(demo):
    fast = Application.objects.filter(is_fast_track=True).select_related("unit", "committee__series")
    statuses = set(fast.values_list("status", flat=True))
    assert {Status.DISTRICT_REVIEW, Status.NOT_RECOMMENDED, Status.AGENCY_REVIEW} <= statuses
    for application in fast:
        assert application.level == Level.SENIOR_FULL
        assert application.committee.series.allows_fast_track
        assert history_for(application).filter(action="recommend_to_district").exists()
    for decision in DistrictDecision.objects.select_related("application__unit", "decided_by__organization"):
        assert decision.decided_by.role == Role.DISTRICT_BUREAU
        assert decision.decided_by.organization.district_id == decision.application.unit.district_id
        expected = Status.AGENCY_REVIEW if decision.is_recommended else Status.NOT_RECOMMENDED
        assert decision.application.status == expected


def test_the_audit_trail_is_in_time_order(demo):
    moments = list(AuditEvent.objects.order_by("id").values_list("at", flat=True))
    assert moments == sorted(moments)
    assert moments[0].date() < timezone.localdate()


def test_the_demo_files_an_expert_pool_and_waits_for_the_bureaus_draw(demo):
    """Every expert account is a filed expert; the busiest committee's session waits for the draw (R-62, R-63)."""
    assert Expert.objects.filter(status=ExpertStatus.FILED).count() == User.objects.filter(role=Role.EXPERT).count()
    session = EvaluationSession.objects.get()
    assert session.status == SessionStatus.DRAW_REQUESTED
    assert (
        session.entries.count() == Application.objects.filter(committee=session.committee, status=Status.PAID).count()
    )
    assert not Expert.objects.get(user__username="expert001").has_signed_confidentiality
