"""Pages of the integrity archive (R-100) and of fraud cases (R-25): the bureau's archive and decisions, the
agency's proposal from its review page, and everyone's view of their own records."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.applications.selectors import get_application_for
from zhicheng.integrity import exports, fraud, selectors, services
from zhicheng.integrity.forms import AppealForm, DecisionForm, ProposalForm, RecordForm, RevokeForm
from zhicheng.integrity.models import FraudCase, IntegrityRecord, RecordKind
from zhicheng.materials.uploadhandlers import upload_too_large, with_upload_limit
from zhicheng.materials.validation import size_message

bureau_only = role_required(Role.BUREAU)
agency_only = role_required(Role.AGENCY, Role.DISTRICT_BUREAU)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@bureau_only
@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    filters = selectors.RecordFilters.from_query(request.GET)
    records = selectors.search_records(user, filters)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(exports.records_workbook(records), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, f"诚信档案-{timezone.localdate()}.xlsx")
        return response
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "kinds": RecordKind.choices,
        "querystring": query.urlencode(),
        "cases": selectors.open_cases(user)[:20],
        "today": timezone.localdate(),
    }
    return render(request, "integrity/archive.html", context)


@bureau_only
@require_GET
def credit_export(request: HttpRequest) -> HttpResponse:
    """The signed file for the national credit platform: the records that run today (R-25, R-100)."""
    filters = selectors.RecordFilters(running=True)
    data = exports.credit_platform_export(selectors.search_records(_user(request), filters))
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1), content_type="application/json")
    name = f"诚信档案-全国信用信息共享平台-{timezone.localdate()}.json"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@bureau_only
@with_upload_limit
@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest) -> HttpResponse:
    form = RecordForm(request.POST, request.FILES) if request.method == "POST" else RecordForm()
    if request.method == "POST" and upload_too_large(request):
        form.add_error("evidence", size_message())
    elif request.method == "POST" and form.is_valid():
        try:
            record = services.add_record_by_bureau(by=_user(request), **form.cleaned_data)
        except services.RecordError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已记入诚信档案：{record}")
            return redirect("integrity:record", pk=record.pk)
    return render(request, "integrity/new_record.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_record_for(user, pk)
    revoke_form, appeal_form = RevokeForm(), AppealForm(initial={"appeal": found.appeal})
    if request.method == "POST":
        if user.role != Role.BUREAU:
            raise Http404
        revoke_form, appeal_form, done = _change_record(request, found, user)
        if done:
            return redirect("integrity:record", pk=pk)
    context = {
        "record": found,
        "is_bureau": user.role == Role.BUREAU,
        "revoke_form": revoke_form,
        "appeal_form": appeal_form,
        "running": found.is_active_on(timezone.localdate()),
    }
    return render(request, "integrity/record.html", context)


def _change_record(request: HttpRequest, found: IntegrityRecord, user: User) -> tuple[RevokeForm, AppealForm, bool]:
    revoke_form, appeal_form = RevokeForm(), AppealForm()
    try:
        if "revoke" in request.POST:
            revoke_form = RevokeForm(request.POST)
            if revoke_form.is_valid():
                services.revoke_record(found, by=user, reason=revoke_form.cleaned_data["reason"])
                messages.success(request, "记录已撤销")
                return revoke_form, appeal_form, True
        else:
            appeal_form = AppealForm(request.POST)
            if appeal_form.is_valid():
                data = appeal_form.cleaned_data
                services.record_appeal(found, by=user, appeal=data["appeal"], status=data["appeal_status"])
                messages.success(request, "申诉情况已记录")
                return revoke_form, appeal_form, True
    except services.RecordError as exc:
        messages.error(request, str(exc))
    return revoke_form, appeal_form, False


@login_required
@require_GET
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.get_record_for(_user(request), pk)
    if not found.evidence:
        raise Http404
    return FileResponse(found.evidence.open("rb"), as_attachment=True, filename="证据材料")


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The person's own records, with period, decision and appeal; anyone signed in may look."""
    records = selectors.own_records(_user(request))
    return render(request, "integrity/mine.html", {"records": records, "today": timezone.localdate()})


@agency_only
@with_upload_limit
@require_POST
def propose(request: HttpRequest, application_pk: int) -> HttpResponse:
    user = _user(request)
    application = get_application_for(user, application_pk)
    form = ProposalForm(request.POST, request.FILES)
    if upload_too_large(request):
        messages.error(request, size_message())
    elif not form.is_valid():
        messages.error(request, "请写明弄虚作假的事实")
    else:
        try:
            fraud.propose_cancellation(
                application, by=user, facts=form.cleaned_data["facts"], evidence=form.cleaned_data["evidence"]
            )
        except fraud.FraudError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "取消申报资格的建议已报市人社局")
    return redirect("agency_review:review", pk=application_pk)


@login_required
@require_http_methods(["GET", "POST"])
def case(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_case_for(user, pk)
    form = DecisionForm(request.POST) if request.method == "POST" else DecisionForm()
    if request.method == "POST":
        if user.role != Role.BUREAU:
            raise Http404
        if form.is_valid() and _decide(request, found, user, form):
            return redirect("integrity:case", pk=pk)
    context = {"case": found, "form": form, "is_bureau": user.role == Role.BUREAU}
    return render(request, "integrity/case.html", context, status=400 if form.errors else 200)


def _decide(request: HttpRequest, found: FraudCase, user: User, form: DecisionForm) -> bool:
    data = form.cleaned_data
    try:
        if data["decision"] == "cancel":
            fraud.cancel_for_fraud(
                found, by=user, decision_number=data["decision_number"], is_serious=data["is_serious"]
            )
            messages.success(request, "已取消申报资格，记入诚信档案并短信通知申报人")
        else:
            fraud.dismiss_proposal(found, by=user, note=data["note"])
            messages.success(request, "已决定不予认定")
    except fraud.FraudError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False
    return True


@login_required
@require_GET
def case_evidence(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.get_case_for(_user(request), pk)
    if not found.evidence:
        raise Http404
    return FileResponse(found.evidence.open("rb"), as_attachment=True, filename=found.evidence_name or "证据材料")
