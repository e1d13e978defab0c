"""Access-checked reads: the public postings, the bureau's posting desk, complaints and result letters."""

import datetime

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import OrgKind, Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.postings.models import Complaint, ComplaintStatus, PostedResult, ResultPosting
from zhicheng.postings.permissions import can_download_letter, can_handle_complaint

PUBLISHER_FILTERS = {"bureau": "市人社局", "agency": "评审服务机构"}
PUBLIC_RESULT_FIELDS = (
    "application__applicant",
    "application__unit",
    "application__committee__series",
    "application__specialty",
)


# Public pages


def public_postings(today: datetime.date, publisher: str = "") -> QuerySet[ResultPosting]:
    """Postings that have started, newest first, with how many results each still shows."""
    postings = (
        ResultPosting.objects.filter(starts_on__lte=today)
        .select_related("publisher", "session__committee")
        .annotate(shown=Count("results", filter=Q(results__withdrawn_at__isnull=True)))
        .order_by("-starts_on", "-id")
    )
    if publisher == "bureau":
        postings = postings.filter(publisher__kind=OrgKind.BUREAU)
    elif publisher == "agency":
        postings = postings.exclude(publisher__kind=OrgKind.BUREAU)
    return postings


def get_public_posting(pk: int, today: datetime.date) -> ResultPosting:
    posting = (
        ResultPosting.objects.select_related("publisher", "session__committee")
        .filter(pk=pk, starts_on__lte=today)
        .first()
    )
    if posting is None:
        raise Http404
    return posting


def public_results(posting: ResultPosting, query: str = "") -> QuerySet[PostedResult]:
    """The results a posting shows (withdrawn ones are gone), searchable by name or unit."""
    results = posting.results.filter(withdrawn_at__isnull=True).select_related(*PUBLIC_RESULT_FIELDS)
    query = query.strip()
    if query:
        results = results.filter(
            Q(application__applicant__real_name__icontains=query) | Q(application__unit__name__icontains=query)
        )
    return results.order_by("id")


def get_public_posted(pk: int, today: datetime.date) -> PostedResult:
    """A result that is or was on public view; 404 for withdrawn and not-yet-started ones."""
    posted = (
        PostedResult.objects.select_related("posting__publisher", "posting__session__committee", *PUBLIC_RESULT_FIELDS)
        .filter(pk=pk, withdrawn_at__isnull=True, posting__starts_on__lte=today)
        .first()
    )
    if posted is None:
        raise Http404
    return posted


# The bureau's posting desk


def unposted_accepted(session: EvaluationSession) -> QuerySet[Application]:
    """Accepted applications of the session that are not on any posting yet."""
    return Application.objects.filter(
        evaluation__session=session, status=Status.ACCEPTED, posted_result__isnull=True
    ).select_related("applicant", "plan", "committee__agency")


def sessions_ready_to_post() -> QuerySet[EvaluationSession]:
    """Sessions with accepted results waiting to be posted, and how many."""
    waiting = Q(entries__application__status=Status.ACCEPTED, entries__application__posted_result__isnull=True)
    return (
        EvaluationSession.objects.annotate(waiting=Count("entries", filter=waiting))
        .filter(waiting__gt=0)
        .select_related("committee", "plan")
        .order_by("meeting_on", "id")
    )


def get_session_to_post(user: User, pk: int) -> EvaluationSession:
    if user.role != Role.BUREAU:
        raise Http404
    session = EvaluationSession.objects.select_related("plan", "committee").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def bureau_postings() -> QuerySet[ResultPosting]:
    live = Q(results__withdrawn_at__isnull=True)
    return (
        ResultPosting.objects.select_related("publisher", "session__committee")
        .annotate(
            shown=Count("results", filter=live),
            confirmed=Count("results", filter=live & Q(results__confirmed_at__isnull=False)),
        )
        .order_by("-starts_on", "-id")
    )


def get_posting_for_bureau(user: User, pk: int) -> ResultPosting:
    if user.role != Role.BUREAU:
        raise Http404
    posting = bureau_postings().filter(pk=pk).first()
    if posting is None:
        raise Http404
    return posting


def staff_results(posting: ResultPosting) -> QuerySet[PostedResult]:
    """Every result of the posting with its open complaints counted, for hold reasons on the bureau's page."""
    return (
        posting.results.select_related("application__applicant", "application__unit", "application__plan")
        .annotate(open_complaints=Count("complaints", filter=Q(complaints__status=ComplaintStatus.OPEN)))
        .order_by("id")
    )


def pending_results(posting: ResultPosting) -> QuerySet[PostedResult]:
    """Results still shown and not yet confirmed."""
    return staff_results(posting).filter(withdrawn_at__isnull=True, confirmed_at__isnull=True)


# Complaints


def complaints_for(user: User, *, is_open: bool) -> QuerySet[Complaint]:
    """Open or closed complaints in the user's scope: all for the bureau, its committees' for an agency."""
    complaints = Complaint.objects.select_related(
        "posted__posting__publisher", "posted__application__applicant", "posted__application__committee", "handled_by"
    )
    complaints = (
        complaints.filter(status=ComplaintStatus.OPEN) if is_open else complaints.exclude(status=ComplaintStatus.OPEN)
    )
    if user.role == Role.BUREAU:
        return complaints
    if user.role == Role.AGENCY and user.organization_id is not None:
        return complaints.filter(posted__application__committee__agency_id=user.organization_id)
    return complaints.none()


def get_complaint_for(user: User, pk: int) -> Complaint:
    complaint = (
        Complaint.objects.select_related("posted__posting", "posted__application__committee").filter(pk=pk).first()
    )
    if complaint is None or not can_handle_complaint(user, complaint):
        raise Http404
    return complaint


# Result letters


def get_letter_for(user: User, posted_pk: int) -> PostedResult:
    posted = PostedResult.objects.select_related("application__unit").filter(pk=posted_pk).first()
    if posted is None or not posted.letter or not can_download_letter(user, posted):
        raise Http404
    return posted


def letters_for(user: User) -> QuerySet[PostedResult]:
    """Confirmed results with a letter: the unit's own for its HR staff, all for the bureau."""
    letters = (
        PostedResult.objects.exclude(letter="")
        .select_related("application__applicant", "application__unit", "application__plan", "posting")
        .order_by("-confirmed_at", "-id")
    )
    if user.role == Role.BUREAU:
        return letters
    if user.role == Role.UNIT_HR and user.organization_id is not None:
        return letters.filter(application__unit_id=user.organization_id)
    return letters.none()
