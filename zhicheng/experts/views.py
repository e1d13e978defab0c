"""The expert pool pages (bureau and agency), the bureau's 备案/退出 and Excel import, the expert's
confidentiality agreement, and committee filings (agency submits, bureau decides)."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import forbidden, role_required
from zhicheng.catalog.models import Level
from zhicheng.core.errors import DomainError
from zhicheng.experts import importing, selectors, services
from zhicheng.experts.forms import BulkForm, ConfidentialityForm, DecideForm, FilingForm, ImportForm
from zhicheng.experts.models import ExpertStatus, FilingStatus
from zhicheng.experts.permissions import AGREEMENT_VERSION, has_signed

pool_staff = role_required(Role.BUREAU, Role.AGENCY)
bureau_only = role_required(Role.BUREAU)
agency_only = role_required(Role.AGENCY)
expert_only = role_required(Role.EXPERT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


def _posted(request: HttpRequest, *, files: bool = False) -> tuple[Any, ...]:
    """A form's data: bound on POST (even an empty one), unbound on GET."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


def _refused(request: HttpRequest, exc: DomainError) -> None:
    for problem in getattr(exc, "problems", None) or [exc]:
        messages.error(request, problem.message)


@pool_staff
@require_GET
def pool(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = selectors.PoolFilters.from_query(request.GET)
    experts = selectors.list_experts_for(user, **filters.as_kwargs())
    total, counts = selectors.category_counts(experts)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "experts/list.html",
        {
            "page": Paginator(experts, 50).get_page(request.GET.get("page")),
            "filters": filters,
            "total": total,
            "counts": counts,
            "series": selectors.series_for(user),
            "specialties": selectors.specialties_for(user),
            "levels": Level.choices,
            "statuses": ExpertStatus.choices,
            "categories": [(key, label) for key, (_, label) in selectors.CATEGORIES.items()],
            "querystring": query.urlencode(),
            "can_manage": user.role == Role.BUREAU,
            "reason_max": services.RETIRE_REASON_MAX,
        },
    )


@pool_staff
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    expert = selectors.get_expert_for(user, pk)
    return render(
        request,
        "experts/detail.html",
        {
            "expert": expert,
            "signed": has_signed(expert),
            "history": selectors.history(expert),
            "can_manage": user.role == Role.BUREAU,
            "reason_max": services.RETIRE_REASON_MAX,
        },
    )


@bureau_only
@require_POST
def file_expert(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.get_expert_for(_user(request), pk)
    try:
        services.file_expert(expert, by=_user(request))
    except services.ExpertError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"专家{expert.name}已备案")
    return redirect("experts:detail", pk=pk)


@bureau_only
@require_POST
def retire_expert(request: HttpRequest, pk: int) -> HttpResponse:
    expert = selectors.get_expert_for(_user(request), pk)
    try:
        services.retire_expert(expert, by=_user(request), reason=request.POST.get("reason", ""))
    except services.ExpertError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"专家{expert.name}已退出专家库")
    return redirect("experts:detail", pk=pk)


@bureau_only
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """备案 or 退出 the rows ticked on the pool page."""
    user = _user(request)
    back = reverse("experts:list") + "?" + request.POST.get("querystring", "")
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
        return redirect(back)
    experts = list(selectors.list_experts_for(user).filter(pk__in=form.cleaned_data["ids"]))
    try:
        if form.cleaned_data["action"] == "file":
            done = services.file_experts(experts, by=user)
        else:
            done = services.retire_experts(experts, by=user, reason=form.cleaned_data["reason"])
    except services.ExpertError as exc:
        _refused(request, exc)
    else:
        verb = "备案" if form.cleaned_data["action"] == "file" else "退出"
        messages.success(request, f"已{verb}{done}名专家")
    return redirect(back)


@bureau_only
@require_http_methods(["GET", "POST"])
def import_experts(request: HttpRequest) -> HttpResponse:
    form = ImportForm(*_posted(request, files=True))
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            report = importing.import_experts(form.cleaned_data["file"], by=_user(request))
        if report is not None and report.ok:
            messages.success(request, f"已导入{report.created}名专家（待备案），登录账号和初始密码已通过短信发送")
            return redirect("experts:list")
        status = 400
    return render(request, "experts/import.html", {"form": form, "report": report}, status=status)


@bureau_only
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(importing.export_template(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, "专家导入模板.xlsx")
    return response


@expert_only
@require_http_methods(["GET", "POST"])
def confidentiality(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    expert = selectors.get_own_expert(user)
    form = ConfidentialityForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_confidentiality(expert, by=user)
        except services.ExpertError as exc:
            _refused(request, exc)
        else:
            messages.success(request, "您已签署保密协议")
        return redirect("experts:confidentiality")
    return render(
        request,
        "experts/confidentiality.html",
        {"expert": expert, "signed": has_signed(expert), "version": AGREEMENT_VERSION, "form": form},
        status=400 if form.errors else 200,
    )


@pool_staff
@require_GET
def filings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.list_filings_for(user), 50).get_page(request.GET.get("page"))
    return render(
        request, "experts/filings.html", {"page": page, "querystring": "", "is_agency": user.role == Role.AGENCY}
    )


@agency_only
@require_http_methods(["GET", "POST"])
def filing_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = FilingForm(*_posted(request), committees=selectors.committees_for_filing(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = services.submit_filing(
                data["committee"],
                by=user,
                size=data["size"],
                vice_chairs=data["vice_chairs"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                filed_experts=data["filed_experts"],
                reason=data["reason"],
            )
        except services.FilingError as exc:
            _refused(request, exc)
        else:
            messages.success(request, "已提交核准备案申请，请等待市人社局审核")
            return redirect("experts:filing_decide", pk=filing.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "experts/filing_new.html", {"form": form}, status=status)


@pool_staff
@require_http_methods(["GET", "POST"])
def filing_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The filing's page; the bureau approves (with a filing number) or rejects (with a reason) here."""
    user = _user(request)
    filing = selectors.get_filing_for(user, pk)
    can_decide = user.role == Role.BUREAU and filing.status == FilingStatus.SUBMITTED
    form = DecideForm(*_posted(request))
    if request.method == "POST":
        if user.role != Role.BUREAU:
            return forbidden(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "approve":
                    services.approve_filing(filing, by=user, filing_number=data["filing_number"], note=data["note"])
                else:
                    services.reject_filing(filing, by=user, note=data["note"])
            except services.FilingError as exc:
                _refused(request, exc)
            else:
                messages.success(request, f"已{filing.get_status_display()}")
                return redirect("experts:filing_decide", pk=pk)
        else:
            messages.error(request, "请选择核准备案或不予核准")
    return render(
        request,
        "experts/filing_decide.html",
        {
            "filing": filing,
            "committee": filing.committee,
            "problems": services.recheck_filing(filing) if can_decide else [],
            "pool_size": services.filed_pool(filing.committee),
            "can_decide": can_decide,
            "form": form,
            "history": selectors.history(filing),
        },
        status=400 if request.method == "POST" else 200,
    )
