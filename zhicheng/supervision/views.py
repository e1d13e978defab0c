"""The bureau's supervision page: measures against agencies, inspections, duty failures, expert assessments."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.supervision import services
from zhicheng.supervision.forms import AssessmentForm, DutyFailureForm, InspectionForm, SanctionForm
from zhicheng.supervision.models import AgencySanction, DutyFailure, ExpertAssessment, Inspection


def _sanction(by: User, data: dict[str, Any]) -> object:
    return services.sanction_agency(data.pop("agency"), by=by, **data)


def _inspection(by: User, data: dict[str, Any]) -> object:
    return services.record_inspection(data.pop("organization"), by=by, **data)


def _failure(by: User, data: dict[str, Any]) -> object:
    return services.record_duty_failure(data.pop("unit"), by=by, **data)


def _assessment(by: User, data: dict[str, Any]) -> object:
    return services.record_assessment(data.pop("expert"), by=by, **data)


ACTIONS: dict[str, tuple[type[forms.Form], Callable[[User, dict[str, Any]], object], str]] = {
    "sanction": (SanctionForm, _sanction, "已记录对评审机构的处理措施"),
    "inspection": (InspectionForm, _inspection, "已记录监督检查结果"),
    "failure": (DutyFailureForm, _failure, "已记录单位审核责任追究"),
    "assessment": (AssessmentForm, _assessment, "已记录专家培训考核"),
}


@role_required(Role.BUREAU)
@require_http_methods(["GET", "POST"])
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    bound = {name: form_class(prefix=name) for name, (form_class, _, _) in ACTIONS.items()}
    status = 200
    action = request.POST.get("action", "")
    if request.method == "POST" and action in ACTIONS:
        form_class, run, done = ACTIONS[action]
        form = form_class(request.POST, prefix=action)
        bound[action] = form
        if form.is_valid():
            try:
                run(user, dict(form.cleaned_data))
            except services.SupervisionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, done)
                return redirect("supervision:overview")
        status = 400
    context = {
        "forms": bound,
        "sanctions": AgencySanction.objects.select_related("agency")[:50],
        "inspections": Inspection.objects.select_related("organization")[:50],
        "failures": DutyFailure.objects.select_related("unit")[:50],
        "assessments": ExpertAssessment.objects.select_related("expert")[:50],
    }
    return render(request, "supervision/overview.html", context, status=status)
