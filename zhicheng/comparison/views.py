"""Pages of the data comparison: a reviewer's conclusion on a finding, the bureau's report and batch run."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.catalog.models import Plan
from zhicheng.comparison import selectors, services, tasks
from zhicheng.comparison.forms import ConclusionForm
from zhicheng.comparison.models import FindingKind, FindingStatus

reviewers_only = role_required(*selectors.REVIEWER_ROLES)
bureau_only = role_required(Role.BUREAU)


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@reviewers_only
@require_POST
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    finding = selectors.get_finding_for(user, pk)
    form = ConclusionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核查结论并填写核查说明")
    else:
        try:
            services.conclude_finding(
                finding, by=user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
        except services.ComparisonError as exc:
            messages.error(request, exc.message)
        else:
            done = (
                "已认定弄虚作假，取消申报资格的建议已报市人社局"
                if form.cleaned_data["status"] == "fraud"
                else "已记录核查结论"
            )
            messages.success(request, done)
    return redirect("agency_review:review", pk=finding.application_id)


@bureau_only
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = selectors.ReportFilters.from_query(request.GET)
    page = Paginator(selectors.report(user, filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "comparison/report.html",
        {
            "page": page,
            "filters": filters,
            "kinds": FindingKind.choices,
            "statuses": FindingStatus.choices,
            "plans": Plan.objects.order_by("-year"),
            "querystring": query.urlencode(),
        },
    )


@bureau_only
@require_POST
def run_year(request: HttpRequest) -> HttpResponse:
    plan = Plan.objects.filter(year=timezone.localdate().year).first()
    if plan is None:
        messages.error(request, "本年度计划尚未发布")
    else:
        tasks.check_year.enqueue(plan.pk)
        messages.success(request, f"已开始对{plan.year}年度全部申报进行数据比对，完成后刷新本页查看")
    return redirect("comparison:report")
