"""Public result postings and complaints (no login); the bureau's posting desk, complaint handling, letters."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.core.client import client_ip
from zhicheng.core.errors import DomainError
from zhicheng.core.routing import reads_from_replica
from zhicheng.materials.uploadhandlers import upload_too_large, with_upload_limit
from zhicheng.materials.validation import size_message
from zhicheng.postings import selectors, services
from zhicheng.postings.models import PostedResult
from zhicheng.postings.permissions import can_resolve_as_founded

PAGE_SIZE = 50

bureau_only = role_required(Role.BUREAU)
complaint_handlers = role_required(Role.BUREAU, Role.AGENCY)
letter_readers = role_required(Role.BUREAU, Role.UNIT_HR)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


def _refused(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else exc.message)


def parse_day(value: str) -> datetime.date:
    """A YYYY-MM-DD date from a form, or a DomainError."""
    try:
        day = parse_date(value.strip())
    except ValueError:
        day = None
    if day is None:
        raise DomainError("请填写正确的公示开始日期（年-月-日）", field="starts_on")
    return day


# Public pages


@require_GET
@reads_from_replica
def posting_list(request: HttpRequest) -> HttpResponse:
    publisher = request.GET.get("publisher", "")
    today = timezone.localdate()
    page = Paginator(selectors.public_postings(today, publisher), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "postings/list.html",
        {"page": page, "publisher": publisher, "filters": selectors.PUBLISHER_FILTERS, "today": today},
    )


@require_GET
@reads_from_replica
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    posting = selectors.get_public_posting(pk, today)
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.public_results(posting, query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"posting": posting, "page": page, "q": query, "is_running": posting.is_running_on(today), "today": today}
    return render(request, "postings/detail.html", context)


@require_http_methods(["GET", "POST"])
@with_upload_limit
def complain(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    posted = selectors.get_public_posted(pk, today)
    context = {"posted": posted, "posting": posted.posting, "is_running": posted.posting.is_running_on(today)}
    if request.method != "POST":
        return render(request, "postings/complain.html", context)
    try:
        if upload_too_large(request):
            raise DomainError(size_message(), field="evidence")
        complaint = services.file_complaint(
            posted,
            contact_name=request.POST.get("contact_name", ""),
            contact_phone=request.POST.get("contact_phone", ""),
            text=request.POST.get("text", ""),
            evidence=request.FILES.get("evidence"),
            requester=client_ip(request),
        )
    except DomainError as exc:
        context.update(error=exc, form=request.POST)
        return render(request, "postings/complain.html", context, status=400)
    response = render(request, "postings/complained.html", {"complaint": complaint, "posted": posted})
    response["Cache-Control"] = "private, no-store"
    return response


# The bureau's posting desk


@bureau_only
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": selectors.sessions_ready_to_post(),
        "postings": selectors.bureau_postings()[:100],
        "today": timezone.localdate(),
    }
    return render(request, "postings/manage.html", context)


@bureau_only
@require_POST
def post(request: HttpRequest, session_pk: int) -> HttpResponse:
    session = selectors.get_session_to_post(_user(request), session_pk)
    try:
        starts_on = parse_day(request.POST.get("starts_on", ""))
        postings = services.post_results(session, by=_user(request), starts_on=starts_on)
    except DomainError as exc:
        _refused(request, exc)
        return redirect("postings:manage")
    count = sum(p.results.count() for p in postings)
    messages.success(
        request, f"已发布{len(postings)}个公示，共{count}人，公示期至{services.day_label(postings[0].ends_on)}"
    )
    return redirect("postings:manage")


@bureau_only
@require_GET
def posting_page(request: HttpRequest, pk: int) -> HttpResponse:
    posting = selectors.get_posting_for_bureau(_user(request), pk)
    results = list(selectors.staff_results(posting))
    rows = [(r, "" if r.withdrawn_at or r.confirmed_at else services.hold_reason(r)) for r in results]
    today = timezone.localdate()
    context = {"posting": posting, "rows": rows, "can_confirm": today > posting.ends_on, "today": today}
    return render(request, "postings/posting.html", context)


@bureau_only
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    posting = selectors.get_posting_for_bureau(_user(request), pk)
    try:
        outcome = services.confirm_results(posting, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        held = f"，{len(outcome.held)}人暂缓确认（原因见下表）" if outcome.held else ""
        messages.success(request, f"已确认备案{len(outcome.confirmed)}人{held}")
    return redirect("postings:posting", pk=pk)


# Complaints


@complaint_handlers
@require_GET
def complaints(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    is_open = request.GET.get("status", "open") != "closed"
    context = {
        "complaints": selectors.complaints_for(user, is_open=is_open)[:200],
        "is_open": is_open,
        "may_found": can_resolve_as_founded(user),
    }
    return render(request, "postings/complaints.html", context)


@complaint_handlers
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    complaint = selectors.get_complaint_for(user, pk)
    try:
        services.resolve_complaint(
            complaint,
            by=user,
            founded=request.POST.get("founded") == "1",
            outcome=request.POST.get("outcome", ""),
        )
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"投诉举报 {complaint.reference} 已办结")
    return redirect("postings:complaints")


def _serve(field: FieldFile, content_type: str, filename: str) -> HttpResponse:
    """A stored file as a download; evidence is at most UPLOAD_MAX_BYTES and letters are small."""
    try:
        with field.storage.open(field.name or "", "rb") as stored:
            response = HttpResponse(stored.read(), content_type=content_type)
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def evidence_response(user: User, pk: int) -> HttpResponse:
    """The complaint's evidence for whoever may handle it; 404 otherwise and when there is none."""
    complaint = selectors.get_complaint_for(user, pk)
    if not complaint.evidence:
        raise Http404
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(complaint.evidence_type, "")
    return _serve(complaint.evidence, complaint.evidence_type, f"投诉证明材料-{complaint.reference}.{extension}")


@complaint_handlers
@require_GET
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    return evidence_response(_user(request), pk)


# Result letters


def letter_response(user: User, posted_pk: int) -> HttpResponse:
    posted: PostedResult = selectors.get_letter_for(user, posted_pk)
    return _serve(posted.letter, "application/pdf", f"评审结果反馈函-{posted.application.number}.pdf")


@letter_readers
@require_GET
def letters(request: HttpRequest) -> HttpResponse:
    return render(request, "postings/letters.html", {"letters": selectors.letters_for(_user(request))[:200]})


@letter_readers
@require_GET
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    return letter_response(_user(request), pk)
