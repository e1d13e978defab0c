"""Access-checked reads for the acceptance pages: the bureau's queue and one session's acceptance."""

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import Http404

from zhicheng.acceptance.models import Acceptance, AcceptanceStatus
from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Status
from zhicheng.ballots import selectors as ballot_selectors
from zhicheng.evaluations.models import EvaluationSession, SessionApplication, SessionStatus


def list_sessions_for(user: User) -> QuerySet[EvaluationSession]:
    """The bureau's queue: reported sessions, those still to accept first; 404 for anyone else."""
    if user.role != Role.BUREAU:
        raise Http404
    return (
        EvaluationSession.objects.filter(Q(status=SessionStatus.REPORTED) | Q(acceptance__isnull=False))
        .select_related("committee", "plan", "acceptance")
        .annotate(
            is_accepted=Case(When(acceptance__status=AcceptanceStatus.ACCEPTED, then=Value(1)), default=Value(0)),
            entry_count=Count("entries"),
            passed_count=Count("entries", filter=Q(entries__application__status=Status.PASSED)),
        )
        .order_by("is_accepted", "-meeting_on", "id")
    )


def get_session_for(user: User, pk: int) -> EvaluationSession:
    """The session for the bureau, or read-only for the agency running its committee; 404 for anyone else."""
    return ballot_selectors.get_session_for_staff(user, pk)


def get_session_for_bureau(user: User, pk: int) -> EvaluationSession:
    """The session for the bureau, which alone acts on acceptance; 404 for anyone else."""
    if user.role != Role.BUREAU:
        raise Http404
    return get_session_for(user, pk)


def acceptance_of(session: EvaluationSession) -> Acceptance | None:
    return Acceptance.objects.select_related("decided_by").filter(session=session).first()


def result_rows(session: EvaluationSession) -> list[SessionApplication]:
    """Each applicant of the session with their vote result and any correction."""
    return list(
        SessionApplication.objects.filter(session=session)
        .select_related("application__applicant", "application__plan", "application__unit", "result", "correction__by")
        .order_by("id")
    )


def get_entry(session: EvaluationSession, entry_pk: int) -> SessionApplication:
    entry = SessionApplication.objects.select_related("application").filter(pk=entry_pk, session=session).first()
    if entry is None:
        raise Http404
    return entry
