"""Pages of the re-check (R-84): the applicant's request and answers, the agency's queue and answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.core.errors import DomainError
from zhicheng.materials.uploadhandlers import upload_too_large, with_upload_limit
from zhicheng.materials.validation import size_message
from zhicheng.rechecks import selectors, services
from zhicheng.rechecks.forms import AnswerForm, RecheckForm
from zhicheng.rechecks.models import Recheck

PAGE_SIZE = 50

applicant_only = role_required(Role.APPLICANT)
agency_only = role_required(*selectors.AGENCY_ROLES)
queue_readers = role_required(*selectors.AGENCY_ROLES, Role.BUREAU)


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@applicant_only
@with_upload_limit
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, application_pk: int) -> HttpResponse:
    user = _user(request)
    application = selectors.get_own_application(user, application_pk)
    form = RecheckForm(request.POST, request.FILES) if request.method == "POST" else RecheckForm()
    if request.method == "POST" and upload_too_large(request):
        form.add_error("evidence", size_message())
    elif request.method == "POST" and form.is_valid():
        try:
            services.file_recheck(
                application, reason=form.cleaned_data["reason"], evidence=form.cleaned_data["evidence"], by=user
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "复查申请已提交，评审服务机构答复后将短信通知您")
            return redirect("rechecks:mine")
    try:
        last_day, refusal = services.check_may_file(application, by=user), ""
    except DomainError as exc:
        last_day, refusal = None, exc.message
    context = {"application": application, "form": form, "last_day": last_day, "refusal": refusal}
    return render(request, "rechecks/new.html", context, status=400 if form.errors else 200)


@applicant_only
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "rechecks/mine.html", {"rechecks": selectors.list_own_rechecks(_user(request))})


@queue_readers
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.queue_for(user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rechecks/queue.html", {"page": page, "is_agency": user.role in selectors.AGENCY_ROLES})


@agency_only
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    recheck = selectors.get_recheck_to_answer(user, pk)
    form = AnswerForm(request.POST) if request.method == "POST" else AnswerForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_recheck(
                recheck, answer=form.cleaned_data["answer"], outcome=form.cleaned_data["outcome"], by=user
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "已答复复查申请，并短信通知申报人")
            return redirect("rechecks:queue")
    status = 400 if form.errors else 200
    return render(request, "rechecks/answer.html", {"recheck": recheck, "form": form}, status=status)


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    return evidence_response(selectors.get_recheck_for(_user(request), pk))


def evidence_response(recheck: Recheck) -> FileResponse:
    """Stream the evidence with the type decided at upload; browsers must not guess another."""
    if not recheck.evidence:
        raise Http404("该复查申请没有证据材料")
    try:
        handle = recheck.evidence.storage.open(recheck.evidence.name or "", "rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(
        handle, content_type=recheck.evidence_type, as_attachment=True, filename=recheck.evidence_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
