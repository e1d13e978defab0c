"""REST operations of the applicant's side, calling the same services as the pages."""

import datetime
from typing import Any

from django.forms import ModelForm, model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.responses import Status as Reply

from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.accounts.permissions import require_role
from zhicheng.applications import forms, lifecycle, selectors, services, snapshots
from zhicheng.applications.eligibility import check_application
from zhicheng.applications.models import Achievement, Application, Status, WorkHistory
from zhicheng.audit.services import history_for
from zhicheng.catalog.models import Committee, Specialty
from zhicheng.catalog.selectors import current_plan
from zhicheng.core.api_errors import ErrorOut, api_error, invalid_form, not_found

router = Router(tags=["applications"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ApplicationOut(Schema):
    id: int
    number: str
    year: int
    committee_id: int
    committee: str
    level: str
    level_label: str
    status: str
    status_label: str
    holder: str
    next_step: str
    due_on: datetime.date | None
    version_count: int
    submitted_at: datetime.datetime | None
    fields: dict[str, Any]


class ApplicationStartIn(Schema):
    committee_id: int
    level: str
    specialty_id: int | None = None
    unit_id: int | None = None


class ApplicationPatch(Schema):
    """Any subset of the section fields; foreign keys by id, dates as YYYY-MM-DD."""

    gender: str | None = None
    birth_date: datetime.date | None = None
    employment_type: str | None = None
    unit: int | None = None
    association: int | None = None
    position: str | None = None
    beijing_work_since: datetime.date | None = None
    is_civil_servant: bool | None = None
    is_retired: bool | None = None
    sanction_until: datetime.date | None = None
    basis: str | None = None
    current_series: int | None = None
    current_level: str | None = None
    current_obtained_on: datetime.date | None = None
    current_certificate_number: str | None = None
    qualification: int | None = None
    education: str | None = None
    degree: str | None = None
    school: str | None = None
    major: str | None = None
    graduated_on: datetime.date | None = None
    diploma_number: str | None = None
    is_exceptional: bool | None = None
    exceptional_reason: str | None = None
    exam_certificate_number: str | None = None
    work_summary: str | None = None


class WorkHistoryIn(Schema):
    started_on: datetime.date
    ended_on: datetime.date | None = None
    organization_name: str
    position: str
    duties: str = ""


class AchievementIn(Schema):
    kind: str
    title: str
    achieved_on: datetime.date
    rank: int | None = None
    journal: str = ""
    journal_number: str = ""
    doi: str = ""
    patent_number: str = ""
    patent_type: str = ""
    project_level: str = ""
    project_role: str = ""
    project_number: str = ""
    award_issuer: str = ""
    award_grade: str = ""
    award_number: str = ""
    is_classified: bool = False
    is_declassified: bool = False


class RowOut(Schema):
    id: int


class ApplicationProblemOut(Schema):
    rule: str
    field: str
    message: str


class EligibilityOut(Schema):
    eligible: bool
    problems: list[ApplicationProblemOut]


class VersionOut(Schema):
    number: int
    created_at: datetime.datetime
    digest: str


class ApplicationChangeOut(Schema):
    section: str
    item: str
    before: Any
    after: Any


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any]
    changes: list[ApplicationChangeOut]


class EventOut(Schema):
    at: datetime.datetime
    action: str
    from_state: str
    to_state: str
    actor: str
    reason: str


def _applicant(request: HttpRequest) -> User:
    return require_role(request, Role.APPLICANT)


def _load(request: HttpRequest, pk: int) -> Application:
    user = _applicant(request)
    application = selectors.list_applications_for(user).filter(pk=pk).first()
    if application is None:
        raise not_found()
    return application


def _out(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "number": application.number,
        "year": application.plan.year,
        "committee_id": application.committee_id,
        "committee": application.committee.name,
        "level": application.level,
        "level_label": application.get_level_display(),
        "status": application.status,
        "status_label": application.get_status_display(),
        "holder": lifecycle.holder_of(application),
        "next_step": lifecycle.NEXT_STEP[Status(application.status)],
        "due_on": application.due_on,
        "version_count": application.version_count,
        "submitted_at": application.submitted_at,
        "fields": snapshots.build_snapshot(application)["fields"],
    }


@router.get("/", response={200: list[ApplicationOut], **ERRORS}, summary="我的申报")
def list_mine(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(a) for a in selectors.list_applications_for(_applicant(request))]


@router.post("/", response={201: ApplicationOut, **ERRORS}, summary="选择评委会，创建申报")
def create(request: HttpRequest, payload: ApplicationStartIn) -> Reply[Any]:
    user = _applicant(request)
    plan = current_plan(timezone.localdate())
    if plan is None:
        raise api_error("本年度职称评审工作尚未发布", code="no_plan", rule="R-01")
    committee = Committee.objects.filter(pk=payload.committee_id).first()
    if committee is None:
        raise api_error("评审委员会不存在", field="committee_id")
    specialty = Specialty.objects.filter(pk=payload.specialty_id).first() if payload.specialty_id else None
    unit = Organization.objects.filter(pk=payload.unit_id, kind=OrgKind.UNIT).first() if payload.unit_id else None
    if payload.unit_id and unit is None:
        raise api_error("工作单位不存在", field="unit_id")
    application = services.start_application(
        by=user, plan=plan, committee=committee, level=payload.level, specialty=specialty, unit=unit
    )
    return Reply(201, _out(application))


@router.get("/{pk}", response={200: ApplicationOut, **ERRORS}, summary="申报详情与进度")
def get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(_load(request, pk))


SECTION_FORM_CLASSES: list[type[ModelForm]] = [forms.BasicForm, forms.TitleEducationForm, forms.SpecialForm]


@router.patch("/{pk}", response={200: ApplicationOut, **ERRORS}, summary="保存申报信息（任意字段）")
def patch(request: HttpRequest, pk: int, payload: ApplicationPatch) -> dict[str, Any]:
    application = _load(request, pk)
    given = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {}
    for form_class in SECTION_FORM_CLASSES:
        fields = list(form_class._meta.fields or [])
        names = [n for n in fields if n in given]
        if not names:
            continue
        data = model_to_dict(application, fields=fields) | {n: given[n] for n in names}
        present = {k: v for k, v in data.items() if v is not None and v is not False}
        form = form_class(data=present, instance=application)
        if not form.is_valid():
            raise invalid_form(form)
        changes |= {n: form.cleaned_data[n] for n in names}
    services.update_application(application, by=_applicant(request), changes=changes)
    return _out(application)


@router.post("/{pk}/work-history", response={201: RowOut, **ERRORS}, summary="添加工作经历")
def add_work_history(request: HttpRequest, pk: int, payload: WorkHistoryIn) -> Reply[Any]:
    application = _load(request, pk)
    form = forms.WorkHistoryForm(data=payload.dict())
    if not form.is_valid():
        raise invalid_form(form)
    row = services.save_work_history(application, by=_applicant(request), row=form.save(commit=False))
    return Reply(201, {"id": row.pk})


@router.post("/{pk}/achievements", response={201: RowOut, **ERRORS}, summary="添加业绩成果")
def add_achievement(request: HttpRequest, pk: int, payload: AchievementIn) -> Reply[Any]:
    application = _load(request, pk)
    form = forms.AchievementForm(data=payload.dict())
    if not form.is_valid():
        raise invalid_form(form)
    row = services.save_achievement(application, by=_applicant(request), row=form.save(commit=False))
    return Reply(201, {"id": row.pk})


def _delete(request: HttpRequest, pk: int, model: type[WorkHistory] | type[Achievement], row_pk: int) -> None:
    application = _load(request, pk)
    row = model.objects.filter(pk=row_pk, application=application).first()
    if row is None:
        raise not_found()
    services.delete_row(application, by=_applicant(request), row=row)


@router.delete("/{pk}/work-history/{row_pk}", response={204: None, **ERRORS}, summary="删除工作经历")
def delete_work_history(request: HttpRequest, pk: int, row_pk: int) -> Reply[Any]:
    _delete(request, pk, WorkHistory, row_pk)
    return Reply(204, None)


@router.delete("/{pk}/achievements/{row_pk}", response={204: None, **ERRORS}, summary="删除业绩成果")
def delete_achievement(request: HttpRequest, pk: int, row_pk: int) -> Reply[Any]:
    _delete(request, pk, Achievement, row_pk)
    return Reply(204, None)


@router.get("/{pk}/eligibility", response={200: EligibilityOut, **ERRORS}, summary="申报条件检查（全部未满足项）")
def eligibility(request: HttpRequest, pk: int) -> dict[str, Any]:
    problems = check_application(_load(request, pk), on=timezone.localdate())
    return {"eligible": not problems, "problems": [p.__dict__ for p in problems]}


@router.post("/{pk}/submit", response={201: VersionOut, **ERRORS}, summary="提交申报（生成不可修改的版本）")
def submit(request: HttpRequest, pk: int) -> Reply[Any]:
    application = _load(request, pk)
    version = services.submit_application(application, by=_applicant(request))
    return Reply(201, version)


@router.get("/{pk}/versions", response={200: list[VersionOut], **ERRORS}, summary="已提交的版本")
def versions(request: HttpRequest, pk: int) -> Any:
    return _load(request, pk).versions.order_by("number")


@router.get("/{pk}/versions/{number}", response={200: VersionDetailOut, **ERRORS}, summary="版本内容及与上一版的变化")
def version(request: HttpRequest, pk: int, number: int) -> dict[str, Any]:
    application = _load(request, pk)
    frozen = application.versions.filter(number=number).first()
    if frozen is None:
        raise not_found()
    changes = services.version_changes(application, number)
    return {
        "number": frozen.number,
        "created_at": frozen.created_at,
        "digest": frozen.digest,
        "snapshot": frozen.snapshot,
        "changes": [c.__dict__ for c in changes],
    }


@router.get("/{pk}/history", response={200: list[EventOut], **ERRORS}, summary="办理记录")
def history(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [
        {
            "at": e.at,
            "action": e.action,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "actor": e.actor_label,
            "reason": e.reason,
        }
        for e in history_for(_load(request, pk))
    ]
