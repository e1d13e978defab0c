"""Panel pages: the agency's panels and defenses, an expert's own panel and review sheet, the applicant's
defense notice. Objects are loaded only through selectors, so "not yours" is a 404 for every role (R-73)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import User
from zhicheng.evaluations.models import SessionApplication, SessionStatus
from zhicheng.materials.models import Attachment
from zhicheng.panels import selectors, services
from zhicheng.panels.forms import (
    ATTENDANCE_CHOICES,
    AttendanceForm,
    EntryScheduleForm,
    FormPanelsForm,
    MoveForm,
    OpinionForm,
    ScheduleForm,
)
from zhicheng.panels.models import DefenseSlot, Grade, Recommendation
from zhicheng.panels.pdf import render_defense_notice
from zhicheng.panels.permissions import is_session_agency

SIGN_FIRST = "请先签署保密协议，签署后方可查看评审材料（R-74）"


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required lets only real users through
        raise Http404
    return request.user


def _form_error(form: Form) -> str:
    return "；".join(
        (f"{form.fields[name].label}：" if name in form.fields else "") + " ".join(str(e) for e in errors)
        for name, errors in form.errors.items()
    )


# The agency (and the bureau, read-only).


@login_required
@require_GET
def manage(request: HttpRequest, session_pk: int) -> HttpResponse:
    user = _user(request)
    session = selectors.get_session_for_staff(user, session_pk)
    is_agency = is_session_agency(user, session)
    return render(
        request,
        "panels/manage.html",
        {
            "session": session,
            "composition": selectors.composition(session),
            "can_arrange": is_agency and session.status == SessionStatus.ROSTER_FILED,
            "can_record": is_agency and session.status in (SessionStatus.ROSTER_FILED, SessionStatus.MEETING),
            "form_panels_form": FormPanelsForm(),
            "attendance_choices": ATTENDANCE_CHOICES,
        },
    )


def _run(request: HttpRequest, form: Form | None, action: Callable[[dict[str, Any]], object], done: str) -> None:
    """Validate the form's shape, call the service with its data, and leave the outcome as a message."""
    if form is not None and not form.is_valid():
        messages.error(request, _form_error(form))
        return
    try:
        action(form.cleaned_data if form is not None else {})
    except services.PanelError as exc:
        messages.error(request, exc.message)
        return
    messages.success(request, done)


@login_required
@require_POST
def form_panels(request: HttpRequest, session_pk: int) -> HttpResponse:
    user = _user(request)
    session = selectors.get_session_for_agency(user, session_pk)
    form = FormPanelsForm(request.POST)
    _run(
        request,
        form,
        lambda data: services.form_panels(session, by=user, panel_count=data["panel_count"]),
        "评议组已组建",
    )
    return redirect("panels:manage", session_pk=session.pk)


@login_required
@require_POST
def move_entry(request: HttpRequest, entry_pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.get_entry_for_agency(user, entry_pk)
    form = MoveForm(request.POST, session_id=entry.session_id)
    _run(
        request,
        form,
        lambda data: services.move_entry(entry, to_panel=data["panel"], by=user),
        f"申报{entry.application.number}已调整评议组",
    )
    return redirect("panels:manage", session_pk=entry.session_id)


@login_required
@require_POST
def move_member(request: HttpRequest, member_pk: int) -> HttpResponse:
    user = _user(request)
    member = selectors.get_member_for_agency(user, member_pk)
    form = MoveForm(request.POST, session_id=member.panel.session_id)
    _run(
        request,
        form,
        lambda data: services.move_member(member, to_panel=data["panel"], by=user),
        f"{member.seat.expert.name}已调整评议组",
    )
    return redirect("panels:manage", session_pk=member.panel.session_id)


@login_required
@require_POST
def appoint_leader(request: HttpRequest, member_pk: int) -> HttpResponse:
    user = _user(request)
    member = selectors.get_member_for_agency(user, member_pk)
    _run(
        request,
        None,
        lambda data: services.appoint_leader(member, by=user),
        f"{member.seat.expert.name}已担任{member.panel.name}组长",
    )
    return redirect("panels:manage", session_pk=member.panel.session_id)


@login_required
@require_POST
def schedule(request: HttpRequest, panel_pk: int) -> HttpResponse:
    user = _user(request)
    panel = selectors.get_panel_for_agency(user, panel_pk)
    _run(
        request,
        ScheduleForm(request.POST),
        lambda data: services.schedule_panel_defenses(
            panel, by=user, starts_at=data["starts_at"], minutes_each=data["minutes_each"], place=data["place"]
        ),
        f"{panel.name}的答辩已安排，并已短信通知申报人",
    )
    return redirect("panels:manage", session_pk=panel.session_id)


@login_required
@require_POST
def schedule_entry(request: HttpRequest, entry_pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.get_entry_for_agency(user, entry_pk)
    _run(
        request,
        EntryScheduleForm(request.POST),
        lambda data: services.schedule_defense(entry, by=user, starts_at=data["starts_at"], place=data["place"]),
        f"申报{entry.application.number}的答辩已安排，并已短信通知申报人",
    )
    return redirect("panels:manage", session_pk=entry.session_id)


@login_required
@require_POST
def attendance(request: HttpRequest, slot_pk: int) -> HttpResponse:
    user = _user(request)
    slot = selectors.get_slot_for_agency(user, slot_pk)
    _run(
        request,
        AttendanceForm(request.POST),
        lambda data: services.record_attendance(slot, by=user, attendance=data["attendance"]),
        "答辩情况已记录",
    )
    return redirect("panels:manage", session_pk=slot.entry.session_id)


# Experts.


@login_required
@require_GET
def my_panel(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    expert = selectors.expert_for(user)
    if expert is None:
        raise Http404
    return render(
        request,
        "panels/my_panel.html",
        {"signed": expert.has_signed_confidentiality, "panels": selectors.my_panels(user), "sign_first": SIGN_FIRST},
    )


def _expert_entry(request: HttpRequest, entry_pk: int) -> tuple[User, SessionApplication] | None:
    """The entry of the caller's own panel; None (after a message) when the agreement is not yet signed."""
    user = _user(request)
    expert = selectors.expert_for(user)
    if expert is None:
        raise Http404
    if not expert.has_signed_confidentiality:
        messages.error(request, SIGN_FIRST)
        return None
    return user, selectors.get_entry_for_expert(user, entry_pk)


def _review_page(
    request: HttpRequest,
    user: User,
    entry: SessionApplication,
    *,
    submitted: dict[int, str] | None = None,
    opinion_form: OpinionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    sheet = selectors.review_sheet(entry, selectors.member_for(user, entry))
    opinion = sheet.opinion
    initial = {"recommendation": opinion.recommendation, "text": opinion.text} if opinion else {}
    values = {
        row.item.pk: (submitted or {}).get(
            row.item.pk, row.grade or (str(row.points) if row.points is not None else "")
        )
        for row in sheet.items
    }
    return render(
        request,
        "panels/review.html",
        {
            "sheet": sheet,
            "entry": entry,
            "application": entry.application,
            "rows": [(row, values[row.item.pk]) for row in sheet.items],
            "grades": Grade.choices,
            "no_standard": selectors.NO_STANDARD,
            "opinion_form": opinion_form or OpinionForm(initial=initial),
            "can_write": sheet.is_writer and entry.session.status == SessionStatus.ROSTER_FILED,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, entry_pk: int) -> HttpResponse:
    found = _expert_entry(request, entry_pk)
    if found is None:
        return redirect("panels:my_panel")
    user, entry = found
    if request.method == "GET":
        return _review_page(request, user, entry)
    items = selectors.scoring_items(entry)
    marks = {item.pk: request.POST.get(f"item_{item.pk}", "") for item in items}
    try:
        scores = services.save_scores(entry, by=user, marks=marks)
    except services.PanelError as exc:
        messages.error(request, exc.message)
        return _review_page(request, user, entry, submitted=marks, status=400)
    total = sum((s.points for s in scores if s.points is not None), Decimal(0))
    messages.success(request, f"评分已保存，合计{total}分")
    return redirect("panels:review", entry_pk=entry.pk)


@login_required
@require_POST
def opinion(request: HttpRequest, entry_pk: int) -> HttpResponse:
    found = _expert_entry(request, entry_pk)
    if found is None:
        return redirect("panels:my_panel")
    user, entry = found
    form = OpinionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error(form))
        return _review_page(request, user, entry, opinion_form=form, status=400)
    try:
        written = services.write_opinion(
            entry, by=user, recommendation=form.cleaned_data["recommendation"], text=form.cleaned_data["text"]
        )
    except services.PanelError as exc:
        messages.error(request, exc.message)
        return _review_page(request, user, entry, opinion_form=form, status=400)
    messages.success(request, f"评议组意见已保存：{Recommendation(written.recommendation).label}")
    return redirect("panels:review", entry_pk=entry.pk)


@login_required
@require_GET
def attachment(request: HttpRequest, entry_pk: int, attachment_pk: int) -> FileResponse:
    """A file of the submitted application, for members of its panel only."""
    return attachment_response(selectors.get_attachment_for_expert(_user(request), entry_pk, attachment_pk))


def attachment_response(found: Attachment) -> FileResponse:
    """Stream a stored file with the type decided at upload, as a download; browsers must not guess another."""
    try:
        handle = found.file.storage.open(found.file.name or "", "rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(handle, content_type=found.content_type, as_attachment=True, filename=found.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Applicants.


@login_required
@require_GET
def defense_notice(request: HttpRequest, application_pk: int) -> HttpResponse:
    return defense_notice_response(selectors.get_defense_for_applicant(_user(request), application_pk))


def defense_notice_response(slot: DefenseSlot) -> HttpResponse:
    """The 答辩通知书 PDF, for the page and the API alike."""
    response = HttpResponse(render_defense_notice(slot), content_type="application/pdf")
    filename = f"答辩通知书-{slot.entry.application.number}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
