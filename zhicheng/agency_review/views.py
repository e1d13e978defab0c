"""The review agency's pages: queue, review sheet with the one-time correction notice and approval, dashboard;
and the applicant's view of a correction notice."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.agency_review import selectors, services
from zhicheng.agency_review.exports import queue_workbook
from zhicheng.agency_review.forms import ApproveForm, CorrectionFormSet, CorrectionItemForm
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.applications.selectors import get_application_for
from zhicheng.catalog.models import Level
from zhicheng.comparison import selectors as comparison_selectors
from zhicheng.fees.models import FeeNotice
from zhicheng.integrity.selectors import fraud_section

reviewers_only = role_required(Role.AGENCY, Role.DISTRICT_BUREAU)
applicant_only = role_required(Role.APPLICANT)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


@reviewers_only
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = selectors.QueueFilters.from_query(request.GET)
    applications = selectors.review_queue(user, filters)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(queue_workbook(applications), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"审核队列-{timezone.localdate()}.xlsx")
        return response
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "agency_review/queue.html",
        {
            "page": page,
            "filters": filters,
            "committees": selectors.committees_for(user),
            "statuses": [(s.value, s.label) for s in selectors.AGENCY_STATUSES],
            "levels": Level.choices,
            "querystring": query.urlencode(),
        },
    )


def _review_page(
    request: HttpRequest,
    application: Application,
    *,
    formset: BaseFormSet[CorrectionItemForm] | None = None,
    approve_form: ApproveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_act = application.status == Status.AGENCY_REVIEW
    return render(
        request,
        "agency_review/review.html",
        {
            "application": application,
            "sheet": selectors.review_sheet(application, today),
            "fee_notice": FeeNotice.objects.filter(application=application).first(),
            "can_act": can_act,
            "formset": formset or CorrectionFormSet(prefix="items"),
            "approve_form": approve_form or ApproveForm(initial={"payment_due_on": today}),
            "correction_workdays": application.plan.correction_workdays,
            "masked_id": application.applicant.masked_id_number,
            "masked_phone": application.applicant.masked_phone,
            "findings": comparison_selectors.findings_for(_user(request), application),
            **fraud_section(application),
        },
        status=status,
    )


@reviewers_only
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, get_application_for(_user(request), pk))


@reviewers_only
@require_POST
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = get_application_for(user, pk)
    formset = CorrectionFormSet(request.POST, prefix="items")
    if not formset.is_valid():
        messages.error(request, "补正事项填写有误，请检查")
        return _review_page(request, application, formset=formset, status=400)
    items = [item for form in formset.forms if (item := form.item()) is not None]
    try:
        notice = services.request_correction(application, by=user, items=items)
    except (services.ReviewError, lifecycle.MoveNotAllowed) as exc:
        messages.error(request, str(exc))
        return _review_page(request, application, formset=formset, status=400)
    messages.success(request, f"已一次性告知{notice.items.count()}项补正内容，补正截止{notice.due_on:%Y年%m月%d日}")
    return redirect("agency_review:review", pk=pk)


@reviewers_only
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    application = get_application_for(user, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的缴费截止日期")
        return _review_page(request, application, approve_form=form, status=400)
    try:
        notice = services.approve_application(application, by=user, payment_due_on=form.cleaned_data["payment_due_on"])
    except (services.ReviewError, lifecycle.MoveNotAllowed) as exc:
        messages.error(request, str(exc))
        return _review_page(request, application, approve_form=form, status=400)
    messages.success(request, f"审核通过，已通知申报人于{notice.due_on:%Y年%m月%d日}前缴纳评审费{notice.amount}元")
    return redirect("agency_review:review", pk=pk)


@reviewers_only
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    return render(
        request,
        "agency_review/dashboard.html",
        {
            "statuses": [s.label for s in selectors.AGENCY_STATUSES],
            "rows": selectors.status_counts(user),
            "upcoming": selectors.upcoming_deadlines(user, today)[:200],
            "days": selectors.UPCOMING_DAYS,
        },
    )


@applicant_only
@require_GET
def correction_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.get_own_correction_notice(_user(request), pk)
    return render(
        request, "agency_review/correction_notice.html", {"notice": notice, "application": notice.application}
    )
