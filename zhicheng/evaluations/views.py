"""Pages of an evaluation session up to the filed roster.

The agency creates the session, asks for the draw, records conflicts, withdraws experts and files the roster;
the bureau draws; experts answer their invitations (logged in or through the SMS link) and declare conflicts.
Seats are shown only to the agency and the bureau (R-73).
"""

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import draw as drawing
from zhicheng.evaluations import lifecycle, selectors, services
from zhicheng.evaluations.forms import (
    ConflictForm,
    RecordConflictForm,
    ResponseForm,
    RosterForm,
    SessionForm,
    WithdrawForm,
)
from zhicheng.evaluations.models import Draw, DrawKind, EvaluationSession, Seat, SeatStatus, SessionStatus

managers_only = role_required(Role.AGENCY, Role.BUREAU)
agency_only = role_required(Role.AGENCY)
bureau_only = role_required(Role.BUREAU)
expert_only = role_required(Role.EXPERT)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


def _base_url(request: HttpRequest) -> str:
    """Where SMS links point: this site as the request reached it (settings have no SITE_URL)."""
    return request.build_absolute_uri("/")


def _replacement_message(request: HttpRequest, replacement: Draw | None) -> None:
    if replacement is None:
        messages.warning(request, "已无符合条件的专家可供补充抽取，请联系市人社局")
    else:
        messages.info(request, "已自动补充抽取1名专家并发送邀请")


@managers_only
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "evaluations/sessions.html",
        {"sessions": selectors.list_sessions_for(user), "can_create": user.role == Role.AGENCY},
    )


@agency_only
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SessionForm(request.POST or None, committees=selectors.committees_for_new_session(user))
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(by=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已创建评审会，纳入{session.entries.count()}份已缴费待评审的申报")
            return redirect("evaluations:session", pk=session.pk)
    return render(request, "evaluations/session_new.html", {"form": form}, status=400 if form.errors else 200)


@managers_only
@require_GET
def session(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    evaluation = selectors.get_managed_session_for(user, pk)
    seats = list(selectors.session_seats(evaluation))
    is_agency = user.role == Role.AGENCY
    return render(
        request,
        "evaluations/session.html",
        {
            "session": evaluation,
            "entry_count": evaluation.entries.count(),
            "draws": selectors.draws_with_exclusions(evaluation),
            "seats": seats,
            "accepted": sum(s.status == SeatStatus.ACCEPTED for s in seats),
            "conflicts": selectors.session_conflicts(evaluation),
            "moves": [m.name for m in lifecycle.available_moves(evaluation, Role(user.role))],
            "can_withdraw": is_agency and evaluation.status == SessionStatus.CONFIRMING,
            "conflict_form": RecordConflictForm(session=evaluation)
            if is_agency and evaluation.status in services.RECORD_OPEN and seats
            else None,
        },
    )


@agency_only
@require_POST
def request_draw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    evaluation = selectors.get_managed_session_for(user, pk)
    try:
        services.request_draw(evaluation, by=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已向市人社局申请随机抽取专家")
    return redirect("evaluations:session", pk=pk)


@bureau_only
@require_http_methods(["GET", "POST"])
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what will be drawn and asks for confirmation; POST draws."""
    user = _user(request)
    evaluation = selectors.get_managed_session_for(user, pk)
    if request.method == "POST":
        try:
            result = services.draw_experts(evaluation, by=user, base_url=_base_url(request))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("evaluations:draw", pk=pk)
        messages.success(request, f"已随机抽取{result.number}名专家并发送邀请")
        return redirect("evaluations:session", pk=pk)
    parameters = drawing.parameters_for(evaluation, kind=DrawKind.INITIAL, number=evaluation.experts_requested)
    return render(
        request,
        "evaluations/draw.html",
        {
            "session": evaluation,
            "parameters": parameters,
            "pool_size": drawing.pool_queryset(evaluation.committee).count(),
            "can_draw": evaluation.status == SessionStatus.DRAW_REQUESTED,
        },
    )


@managers_only
@require_GET
def draw_record(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.get_draw_for(_user(request), pk)
    response = HttpResponse(
        json.dumps(drawing.record_of(record), ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"专家抽取记录-{record.pk}.json")
    return response


@expert_only
@require_GET
def expert_home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    expert = getattr(user, "expert", None)
    return render(
        request,
        "evaluations/expert_home.html",
        {
            "seats": selectors.list_own_seats(user),
            "signed": bool(expert and expert.has_signed_confidentiality),
            "presiding_statuses": (SessionStatus.MEETING, SessionStatus.VOTING),
            "closed_statuses": (SessionStatus.CLOSED, SessionStatus.SIGNED, SessionStatus.REPORTED),
        },
    )


def _answer(request: HttpRequest, seat: Seat, by: User | None) -> bool:
    """Apply the posted answer to the seat; True when it was recorded."""
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择确认参加或谢绝")
        return False
    try:
        services.respond_to_invitation(
            seat, by=by, accept=form.accepts, reason=form.cleaned_data["reason"], base_url=_base_url(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    if form.accepts:
        messages.success(request, "已确认参加评审。请严格遵守保密规定（R-73）")
    else:
        messages.success(request, "已谢绝本次评审邀请")
    return True


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The SMS link: committee and date only, answerable without logging in."""
    seat = selectors.get_seat_by_token(token)
    if request.method == "POST" and _answer(request, seat, seat.expert.user):
        return render(request, "evaluations/invitation_done.html", {"seat": seat})
    return render(
        request,
        "evaluations/invitation.html",
        {"seat": seat, "signed": seat.expert.has_signed_confidentiality},
    )


@expert_only
@require_POST
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _answer(request, selectors.get_own_seat(user, pk), user)
    return redirect("evaluations:expert_home")


def _sitting_seat(request: HttpRequest, pk: int) -> Seat:
    seat = selectors.get_own_seat(_user(request), pk)
    if seat.status != SeatStatus.ACCEPTED or not seat.expert.has_signed_confidentiality:
        raise Http404("确认参加并签署保密协议后才能查看申报人名单")
    return seat


@expert_only
@require_GET
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    seat = _sitting_seat(request, pk)
    evaluation: EvaluationSession = seat.session
    return render(
        request,
        "evaluations/entries.html",
        {
            "session": evaluation,
            "entries": selectors.session_entries(evaluation),
            "recused": selectors.recused_entry_ids(seat),
            "can_declare": evaluation.status in services.CONFLICT_OPEN,
        },
    )


@expert_only
@require_POST
def declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    seat = _sitting_seat(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回避原因")
        return redirect("evaluations:entries", pk=pk)
    try:
        entry = services.entry_for(seat.session, form.cleaned_data["entry"])
        services.declare_conflict(seat, by=user, entry=entry, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已申报回避：{entry.application.applicant.real_name}")
    return redirect("evaluations:entries", pk=pk)


@agency_only
@require_POST
def record_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    evaluation = selectors.get_managed_session_for(user, pk)
    form = RecordConflictForm(request.POST, session=evaluation)
    if not form.is_valid():
        messages.error(request, "请选择专家和申报人并填写回避原因")
        return redirect("evaluations:session", pk=pk)
    try:
        services.record_conflict(evaluation, by=user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已记录回避：该专家不参加对该申报人的评议和表决")
    return redirect("evaluations:session", pk=pk)


@agency_only
@require_POST
def withdraw_seat(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    seat = selectors.get_managed_seat_for(user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回避原因")
        return redirect("evaluations:session", pk=seat.session_id)
    try:
        replacement = services.withdraw_seat(
            seat, by=user, reason=form.cleaned_data["reason"], base_url=_base_url(request)
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{seat.expert.name}已回避本次评审会")
        _replacement_message(request, replacement)
    return redirect("evaluations:session", pk=seat.session_id)


@agency_only
@require_http_methods(["GET", "POST"])
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    evaluation = selectors.get_managed_session_for(user, pk)
    seats = list(selectors.sitting_seats(evaluation))
    form = RosterForm(request.POST or None, seats=seats)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.file_roster(
                evaluation, by=user, chair=form.cleaned_data["chair"], vice_chairs=form.cleaned_data["vice_chairs"]
            )
        except services.RosterNotFiled as exc:
            problems = exc.problems
        except DomainError as exc:
            problems = [exc.message]
        else:
            messages.success(request, f"已向市人社局报备评委会专家名单（{evaluation.committee_size}人）")
            return redirect("evaluations:session", pk=pk)
    return render(
        request,
        "evaluations/roster.html",
        {
            "session": evaluation,
            "seats": seats,
            "form": form,
            "problems": problems,
            "pending": evaluation.seats.filter(status=SeatStatus.INVITED).count(),
        },
        status=400 if problems or form.errors else 200,
    )
