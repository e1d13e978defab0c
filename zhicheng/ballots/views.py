"""Pages of the meeting: attendance and minutes for the agency, voting for experts, results, signed minutes."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.ballots import receipts, selectors, services, tally
from zhicheng.ballots.models import Choice, Minutes
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import EvaluationSession, SessionApplication, SessionStatus

staff_only = role_required(Role.AGENCY, Role.BUREAU)
agency_only = role_required(Role.AGENCY)
experts_only = role_required(Role.EXPERT)
participants = role_required(Role.AGENCY, Role.BUREAU, Role.EXPERT)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


def _refused(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else exc.message)


# The agency's meeting page


def _meeting_context(session: EvaluationSession, user: User) -> dict[str, Any]:
    seats = list(selectors.sitting_seats(session).select_related("expert").order_by("id"))
    size = selectors.committee_size(session)
    minutes = Minutes.objects.filter(session=session).select_related("chaired_by__expert").first()
    return {
        "session": session,
        "seats": seats,
        "committee_size": size,
        "quorum": tally.least_reaching(size, services.quorum_rule(session)),
        "attending": sum(1 for s in seats if s.attended),
        "minutes": minutes,
        "entries": list(selectors.entries(session).select_related("remark")),
        "is_agency": selectors.is_agency_of(user, session),
        "can_record": session.status == SessionStatus.ROSTER_FILED,
        "can_edit_minutes": minutes is not None
        and session.status in services.EDITABLE_MINUTES
        and not minutes.signatures.exists(),
        "can_report": session.status == SessionStatus.SIGNED,
    }


@staff_only
@require_GET
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    return render(request, "ballots/meeting.html", _meeting_context(session, _user(request)))


@agency_only
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    ids = {int(v) for v in request.POST.getlist("attending") if v.isdigit()}
    try:
        count = services.record_attendance(session, ids, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已登记出席情况：出席{count}人")
    return redirect("ballots:meeting", pk=pk)


@agency_only
@require_POST
def open_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    try:
        minutes = services.open_meeting(session, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"评审会议已召开，由{minutes.chaired_by.expert.name}主持")
    return redirect("ballots:meeting", pk=pk)


@agency_only
@require_POST
def remark(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    entry = get_object_or_404(SessionApplication, pk=entry_pk, session=session)
    try:
        services.save_remark(entry, request.POST.get("text", ""), by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已保存专家发言摘要")
    return redirect("ballots:meeting", pk=pk)


@agency_only
@require_POST
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    try:
        services.save_summary(session, request.POST.get("summary", ""), by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "已保存会议情况摘要")
    return redirect("ballots:meeting", pk=pk)


@agency_only
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for_staff(_user(request), pk)
    try:
        services.report_results(session, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "评审结果已报市人社局验收")
    return redirect("ballots:meeting", pk=pk)


# The presiding expert


@experts_only
@require_GET
def preside(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_presiding_session_for(_user(request), pk)
    voted, attending = services.voting_progress(session)
    return render(
        request,
        "ballots/preside.html",
        {"session": session, "voted": voted, "attending": attending, "not_voted": selectors.not_voted(session)},
    )


@experts_only
@require_POST
def open_voting(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_presiding_session_for(_user(request), pk)
    try:
        services.open_voting(session, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "投票已开始，出席专家可以投票")
    return redirect("ballots:preside", pk=pk)


@experts_only
@require_POST
def close_voting(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_presiding_session_for(_user(request), pk)
    try:
        services.close_voting(session, by=_user(request), confirmed=request.POST.get("confirm") == "1")
    except DomainError as exc:
        _refused(request, exc)
        return redirect("ballots:preside", pk=pk)
    messages.success(request, "投票已结束，请宣布表决结果")
    return redirect("ballots:results", pk=pk)


# The expert's ballot sheet and receipt


@experts_only
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    session = selectors.get_session_for(user, pk)
    seat = selectors.attending_seat_of(user, session)
    if seat is None:
        raise Http404
    sheet = selectors.ballot_sheet(seat)
    status = 200
    if request.method == "POST":
        choices = {e.pk: request.POST[f"entry-{e.pk}"] for e in sheet if request.POST.get(f"entry-{e.pk}")}
        try:
            code = services.cast_ballots(seat, choices, by=user)
        except DomainError as exc:
            _refused(request, exc)
            status = 400
        else:
            response = render(request, "ballots/cast.html", {"session": session, "code": code})
            response["Cache-Control"] = "private, no-store"
            return response
    context = {
        "session": session,
        "seat": seat,
        "sheet": sheet,
        "choices": Choice.choices,
        "is_open": session.status == SessionStatus.VOTING,
    }
    return render(request, "ballots/ballot.html", context, status=status)


@participants
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Check a receipt code: whether its sheet is recorded and counted, never what it says."""
    session = selectors.get_session_for(_user(request), pk)
    checked = receipts.check(session, request.POST.get("code", "")) if request.method == "POST" else None
    response = render(request, "ballots/receipt.html", {"session": session, "checked": checked})
    response["Cache-Control"] = "private, no-store"
    return response


# Results and minutes


@participants
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(_user(request), pk)
    announced = session.status in selectors.RESULT_STATUSES
    return render(
        request,
        "ballots/results.html",
        {"session": session, "announced": announced, "entries": selectors.vote_results(session) if announced else []},
    )


def _minutes_page(request: HttpRequest, session: EvaluationSession, *, status: int = 200) -> HttpResponse:
    user = _user(request)
    minutes = selectors.get_minutes(session)
    seat = selectors.attending_seat_of(user, session) if user.role == Role.EXPERT else None
    signatures = selectors.signatures(minutes)
    signed = {s.seat_id for s in signatures}
    context = {
        "session": session,
        "minutes": minutes,
        "record": selectors.minutes_record(minutes),
        "signatures": signatures,
        "can_sign": seat is not None and seat.pk not in signed and session.status == SessionStatus.CLOSED,
    }
    return render(request, "ballots/minutes.html", context, status=status)


@participants
@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes_page(request, selectors.get_session_for(_user(request), pk))


@experts_only
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_for(_user(request), pk)
    try:
        services.sign_minutes(session, by=_user(request), password=request.POST.get("password", ""))
    except DomainError as exc:
        _refused(request, exc)
        return _minutes_page(request, session, status=400)
    messages.success(request, "您已签署会议纪要")
    return redirect("ballots:minutes", pk=pk)


def minutes_pdf_response(session: EvaluationSession) -> HttpResponse:
    """The archived PDF of locked minutes, for the page and the API alike; 404 before locking."""
    minutes = selectors.get_minutes(session)
    if minutes.locked_at is None or not minutes.pdf:
        raise Http404
    with minutes.pdf.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"评审会议纪要-{session.pk}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@participants
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return minutes_pdf_response(selectors.get_session_for(_user(request), pk))
