"""Access-checked reads of evaluation sessions, seats and draws.

Who sits on a committee is closed information (R-73): only the committee's agency and the bureau see the seats;
an expert sees a session only through their own seat.
"""

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.catalog.models import Committee
from zhicheng.catalog.selectors import current_plan
from zhicheng.core.crypto import sm3_hex
from zhicheng.evaluations.models import (
    Conflict,
    Draw,
    EvaluationSession,
    Seat,
    SeatStatus,
    SessionApplication,
)
from zhicheng.experts.models import Expert

ACTIVE_SEAT = (SeatStatus.INVITED, SeatStatus.ACCEPTED)


def _sessions() -> QuerySet[EvaluationSession]:
    return EvaluationSession.objects.select_related(
        "plan", "committee__agency", "committee__series", "committee__specialty", "committee__self_evaluating_unit"
    )


def _visible(user: User, sessions: QuerySet[EvaluationSession]) -> QuerySet[EvaluationSession]:
    if user.role == Role.BUREAU:
        return sessions
    if user.role == Role.AGENCY and user.organization_id is not None:
        return sessions.filter(committee__agency_id=user.organization_id)
    if user.role == Role.EXPERT:
        mine = Seat.objects.filter(session=OuterRef("pk"), expert__user=user, status__in=ACTIVE_SEAT)
        return sessions.filter(Exists(mine))
    return sessions.none()


def get_session_for(user: User, pk: int) -> EvaluationSession:
    """The session if the user is its committee's agency, the bureau, or holds a seat in it; else 404."""
    session = _visible(user, _sessions()).filter(pk=pk).first()
    if session is None:
        raise Http404("未找到该评审会")
    return session


def list_sessions_for(user: User) -> QuerySet[EvaluationSession]:
    return _visible(user, _sessions()).annotate(entry_count=Count("entries"))


def committees_for_new_session(user: User) -> QuerySet[Committee]:
    """The agency's committees in this year's plan."""
    plan = current_plan(timezone.localdate())
    if plan is None or user.role != Role.AGENCY or user.organization_id is None:
        return Committee.objects.none()
    return plan.committees.filter(agency_id=user.organization_id).select_related("series", "specialty")


def get_managed_session_for(user: User, pk: int) -> EvaluationSession:
    """A session for its agency or the bureau only (the pages that show seats, R-73); 404 for experts."""
    if user.role not in (Role.AGENCY, Role.BUREAU):
        raise Http404("未找到该评审会")
    return get_session_for(user, pk)


def get_own_seat(user: User, session_pk: int) -> Seat:
    """The expert's own invited or accepted seat in the session; 404 for anyone else."""
    seat = (
        Seat.objects.select_related("session__committee", "expert", "draw")
        .filter(session_id=session_pk, expert__user=user, status__in=ACTIVE_SEAT)
        .first()
    )
    if seat is None or user.role != Role.EXPERT:
        raise Http404("您未受邀参加该评审会")
    return seat


def list_own_seats(user: User) -> QuerySet[Seat]:
    """Every seat the expert was ever drawn for, newest session first."""
    if user.role != Role.EXPERT:
        return Seat.objects.none()
    return (
        Seat.objects.filter(expert__user=user)
        .select_related("session__committee", "expert")
        .order_by("-session__meeting_on", "-id")
    )


def get_seat_by_token(token: str) -> Seat:
    """The invited seat that an SMS link names; 404 once it was answered or for an unknown token."""
    seat = (
        Seat.objects.select_related("session__committee", "expert__user")
        .filter(token_digest=sm3_hex(token.encode()), status=SeatStatus.INVITED)
        .first()
    )
    if seat is None:
        raise Http404("邀请链接无效或已答复")
    return seat


def get_managed_seat_for(user: User, pk: int) -> Seat:
    """A seat of a session the user manages (agency of its committee, bureau); 404 otherwise."""
    seat = Seat.objects.select_related("session__committee", "expert").filter(pk=pk).first()
    if seat is None:
        raise Http404("未找到该专家席位")
    get_managed_session_for(user, seat.session_id)
    return seat


def get_draw_for(user: User, pk: int) -> Draw:
    """A draw record for the agency of its committee or the bureau; 404 otherwise."""
    draw = Draw.objects.filter(pk=pk).first()
    if draw is None:
        raise Http404("未找到该抽取记录")
    draw.session = get_managed_session_for(user, draw.session_id)
    return draw


def session_draws(session: EvaluationSession) -> QuerySet[Draw]:
    """The session's draws without their frozen pools (a pool can hold 100,000 ids); records load them."""
    return session.draws.defer("pool").order_by("id")


def draws_with_exclusions(session: EvaluationSession) -> list[tuple[Draw, list[tuple[str, str]]]]:
    """Each draw with its excluded experts' names and reasons, for the session page (two queries)."""
    draws = list(session_draws(session))
    ids = {int(e["expert_id"]) for d in draws for e in d.exclusions}
    names = dict(Expert.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(d, [(names.get(int(e["expert_id"]), ""), str(e["reason"])) for e in d.exclusions]) for d in draws]


def session_seats(session: EvaluationSession) -> QuerySet[Seat]:
    """All seats with their experts and draws, for the agency and the bureau."""
    return session.seats.select_related("expert", "draw").order_by("id")


def sitting_seats(session: EvaluationSession) -> QuerySet[Seat]:
    """The accepted seats: the experts who sit on the session's committee."""
    return session.seats.filter(status=SeatStatus.ACCEPTED).select_related("expert", "expert__user").order_by("id")


def recused_entry_ids(seat: Seat) -> set[int]:
    """Entries the seat's expert withdraws from (R-64): every conflict of that expert in that session."""
    return set(
        Conflict.objects.filter(session_id=seat.session_id, expert_id=seat.expert_id).values_list("entry_id", flat=True)
    )


def session_entries(session: EvaluationSession) -> QuerySet[SessionApplication]:
    return session.entries.select_related(
        "application__applicant", "application__unit", "application__association", "application__specialty"
    ).order_by("id")


def session_conflicts(session: EvaluationSession) -> QuerySet[Conflict]:
    return session.conflicts.select_related("expert", "entry__application__applicant", "recorded_by").order_by("id")
