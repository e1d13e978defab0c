"""Applicant pages: 我的申报, start, the section tabs with live eligibility, submission, status."""

from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.agency_review.selectors import latest_correction_notice
from zhicheng.applications import forms, lifecycle, selectors, services
from zhicheng.applications.eligibility import check_application
from zhicheng.applications.models import ACTIVE_STATUSES, Achievement, Application, Status, WorkHistory
from zhicheng.audit.services import history_for
from zhicheng.catalog.selectors import committees_open_for_application, current_plan
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.services import current_attachments

SECTIONS = [
    ("basic", "基本信息"),
    ("title", "职称与学历"),
    ("work", "工作经历"),
    ("achievements", "业绩成果"),
    ("special", "特殊申报与工作总结"),
    ("materials", "证明材料"),
    ("submit", "下载文书与提交"),
]
SECTION_FORMS: dict[str, type[ModelForm]] = {
    "basic": forms.BasicForm,
    "title": forms.TitleEducationForm,
    "special": forms.SpecialForm,
}
# Materials uploaded on the "证明材料" tab; signed documents go on the submission tab.
MATERIAL_KINDS = [
    AttachmentKind.ID_DOCUMENT,
    AttachmentKind.EDUCATION_CERT,
    AttachmentKind.TITLE_CERT,
    AttachmentKind.QUALIFICATION_CERT,
    AttachmentKind.EXCEPTIONAL_RECOMMENDATION,
    AttachmentKind.ENTRUSTMENT_LETTER,
    AttachmentKind.EXAM_PASS,
    AttachmentKind.ASSOCIATION_RECOMMENDATION,
    AttachmentKind.WORK_PERMIT,
    AttachmentKind.OTHER,
]
SIGNED_KINDS = [AttachmentKind.SIGNED_INFO_FORM, AttachmentKind.SIGNED_PLEDGE, AttachmentKind.SIGNED_POSTING]

applicant_only = role_required(Role.APPLICANT)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required
    return user


@applicant_only
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    applications = list(selectors.list_applications_for(user))
    plan = current_plan(timezone.localdate())
    can_start = plan is not None and not any(a.plan_id == plan.pk and a.status in ACTIVE_STATUSES for a in applications)
    rows = [
        {
            "application": a,
            "holder": lifecycle.holder_of(a),
            "next_step": lifecycle.NEXT_STEP[Status(a.status)],
        }
        for a in applications
    ]
    return render(request, "applications/mine.html", {"rows": rows, "plan": plan, "can_start": can_start})


@applicant_only
def start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    plan = current_plan(today)
    if plan is None:
        messages.error(request, "本年度职称评审工作尚未发布，请关注市人社局通知")
        return redirect("applications:mine")
    unit = forms.unit_from(request.POST or request.GET)
    committees = committees_open_for_application(plan, today, unit_district=unit.district if unit else None)
    form = forms.StartForm(request.POST or None, committees=committees, initial={"unit": unit})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                by=user,
                plan=plan,
                committee=form.cleaned_data["committee"],
                level=form.cleaned_data["level"],
                specialty=form.cleaned_data["specialty"],
                unit=form.cleaned_data["unit"],
            )
        except services.ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "申报已创建，请逐项填写申报信息")
            return redirect("applications:edit", pk=application.pk, section="basic")
    return render(request, "applications/start.html", {"form": form, "plan": plan, "committees": committees})


def _section_context(request: HttpRequest, application: Application, section: str, **extra: Any) -> dict[str, Any]:
    problems = check_application(application, on=timezone.localdate())
    return {
        "application": application,
        "sections": SECTIONS,
        "section": section,
        "section_label": dict(SECTIONS)[section],
        "problems": problems,
        "deadline": services.submission_deadline(application),
        "editable": application.is_editable,
        **extra,
    }


@applicant_only
def edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    if section not in dict(SECTIONS):
        return redirect("applications:edit", pk=pk, section="basic")
    if section in SECTION_FORMS:
        return _edit_form_section(request, application, section)
    if section == "work":
        return _edit_rows(request, application, section, WorkHistory, forms.WorkHistoryForm)
    if section == "achievements":
        return _edit_rows(request, application, section, Achievement, forms.AchievementForm)
    kinds = MATERIAL_KINDS if section == "materials" else SIGNED_KINDS
    return render(
        request,
        "applications/edit.html",
        _section_context(request, application, section, **_materials(application, kinds)),
    )


def _materials(application: Application, kinds: list[AttachmentKind]) -> dict[str, Any]:
    files = list(current_attachments(application).filter(achievement__isnull=True))
    targets = services.open_targets(application)
    return {
        "material_groups": [
            (
                kind,
                [f for f in files if f.kind == kind],
                application.is_editable and (targets is None or f"attachments.{kind}" in targets),
            )
            for kind in kinds
        ]
    }


def _edit_form_section(request: HttpRequest, application: Application, section: str) -> HttpResponse:
    form_class = SECTION_FORMS[section]
    form = form_class(request.POST or None, instance=application)
    targets = services.open_targets(application)
    for name, field in form.fields.items():
        # During a correction only the listed fields reopen; disabled fields keep their saved values.
        field.disabled = not application.is_editable or (targets is not None and name not in targets)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_application(application, by=_user(request), changes=form.cleaned_data)
            except services.ApplicationError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "已保存")
                return redirect("applications:edit", pk=application.pk, section=section)
        application.refresh_from_db()
    return render(request, "applications/edit.html", _section_context(request, application, section, form=form))


def _edit_rows(
    request: HttpRequest, application: Application, section: str, model: type[Model], form_class: type[ModelForm]
) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save = services.save_work_history if model is WorkHistory else services.save_achievement
        try:
            save(application, by=_user(request), row=form.save(commit=False))
        except services.ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已添加")
            return redirect("applications:edit", pk=application.pk, section=section)
    rows = model._default_manager.filter(application=application)
    targets = services.open_targets(application)
    rows_open = application.is_editable and (targets is None or section_target(section) in targets)
    context = _section_context(request, application, section, form=form, rows=rows, rows_open=rows_open)
    if model is Achievement:
        files = list(current_attachments(application).filter(achievement__isnull=False))
        context["rows"] = [(row, [f for f in files if f.achievement_id == row.pk]) for row in rows]
    return render(request, "applications/edit.html", context)


def section_target(section: str) -> str:
    return "work_history" if section == "work" else "achievements"


@applicant_only
@require_POST
def delete_row(request: HttpRequest, pk: int, kind: str, row_pk: int) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    row: WorkHistory | Achievement
    if kind == "work":
        row = get_object_or_404(WorkHistory, pk=row_pk, application=application)
    else:
        row = get_object_or_404(Achievement, pk=row_pk, application=application)
    try:
        services.delete_row(application, by=_user(request), row=row)
    except services.ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除")
    return redirect("applications:edit", pk=pk, section="work" if kind == "work" else "achievements")


@applicant_only
@require_POST
def eligibility(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """Live check while typing: the section's unsaved values applied to the application, nothing saved."""
    application = selectors.get_application_for(_user(request), pk)
    form_class = SECTION_FORMS.get(section)
    if form_class is not None:
        form_class(request.POST, instance=application).is_valid()  # fills the instance from the valid fields
    problems = check_application(application, on=timezone.localdate())
    return render(request, "applications/_eligibility.html", {"problems": problems, "application": application})


@applicant_only
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    if request.POST.get("confirm") != "yes":
        messages.error(request, "请先勾选确认申报信息真实、准确、完整")
        return redirect("applications:edit", pk=pk, section="submit")
    try:
        version = services.submit_application(application, by=_user(request))
    except services.SubmissionBlocked as exc:
        messages.error(request, exc.message)
        return redirect("applications:edit", pk=pk, section="submit")
    except services.ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("applications:detail", pk=pk)
    messages.success(request, f"已提交第{version.number}版申报，请联系参保单位审核推荐")
    return redirect("applications:detail", pk=pk)


@applicant_only
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    labels = {name: m.label for name, m in lifecycle.MOVES.items()} | {"create": "创建申报"}
    statuses = dict(Status.choices)
    events = [
        {
            "at": e.at,
            "action": labels.get(e.action, e.action),
            "actor": e.actor_label,
            "reason": e.reason,
            "from": statuses.get(e.from_state, "—"),
            "to": statuses.get(e.to_state, "—"),
        }
        for e in history_for(application)
    ]
    versions = application.versions.order_by("-number")
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "holder": lifecycle.holder_of(application),
            "next_step": lifecycle.NEXT_STEP[Status(application.status)],
            "events": events,
            "versions": versions,
            "correction_notice": (
                latest_correction_notice(application) if application.status == Status.CORRECTION else None
            ),
        },
    )


@applicant_only
def version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = selectors.get_application_for(_user(request), pk)
    frozen = get_object_or_404(application.versions, number=number)
    changes = services.version_changes(application, number)
    fields = [
        (getattr(Application._meta.get_field(name), "verbose_name", name), value)
        for name, value in frozen.snapshot["fields"].items()
    ]
    return render(
        request,
        "applications/version.html",
        {"application": application, "version": frozen, "changes": changes, "fields": fields},
    )
