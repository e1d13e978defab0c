"""The catalog: public reads (series, districts, open committees) and the bureau's Excel import."""

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status as Reply

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.catalog.admin import IMPORT_MAX_BYTES
from zhicheng.catalog.importing import ImportReport, import_catalog
from zhicheng.catalog.models import District, Level, Series, Step, Tier
from zhicheng.catalog.selectors import committees_open_for_application, current_plan, effective_window, plan_windows
from zhicheng.core.api_errors import ApiError, ErrorOut, api_error

router = Router(tags=["catalog"])


class CodeNameOut(Schema):
    code: str
    name: str


class SeriesOut(Schema):
    code: str
    name: str
    is_engineering: bool
    allows_high_skilled: bool
    allows_freelancer: bool
    freelancer_needs_association: bool
    exam_required_for_deputy_senior: bool
    specialties: list[CodeNameOut]


class WindowOut(Schema):
    step: str
    step_name: str
    opens_on: datetime.date
    closes_on: datetime.date


class AgencyOut(Schema):
    id: int
    name: str
    phone: str


class CommitteeOut(Schema):
    id: int
    name: str
    series: CodeNameOut
    specialty: CodeNameOut | None
    tier: str
    tier_name: str
    levels: list[CodeNameOut]
    agency: AgencyOut
    district: CodeNameOut | None
    filing_number: str
    expires_on: datetime.date | None
    phone: str
    windows: list[WindowOut]


class OpenCommitteesOut(Schema):
    year: int | None
    committees: list[CommitteeOut]


@router.get("/series", response=list[SeriesOut], auth=None, summary="职称系列及专业")
def list_series(request: HttpRequest) -> list[SeriesOut]:
    return [
        SeriesOut(
            code=s.code,
            name=s.name,
            is_engineering=s.is_engineering,
            allows_high_skilled=s.allows_high_skilled,
            allows_freelancer=s.allows_freelancer,
            freelancer_needs_association=s.freelancer_needs_association,
            exam_required_for_deputy_senior=s.exam_required_for_deputy_senior,
            specialties=[CodeNameOut(code=sp.code, name=sp.name) for sp in s.specialties.all()],
        )
        for s in Series.objects.prefetch_related("specialties")
    ]


@router.get("/districts", response=list[CodeNameOut], auth=None, summary="行政区（工程技术初级评委会按区设置）")
def list_districts(request: HttpRequest) -> list[CodeNameOut]:
    return [CodeNameOut(code=d.code, name=d.name) for d in District.objects.all()]


@router.get(
    "/committees",
    response={200: OpenCommitteesOut, 400: ErrorOut},
    auth=None,
    summary="本年度可申报的评委会",
    description="名录内、备案有效、个人申报时间内的评委会；district 为参保单位所在区代码，用于工程技术初级评委会。",
)
def list_open_committees(request: HttpRequest, district: str | None = None) -> OpenCommitteesOut:
    unit_district = None
    if district:
        unit_district = District.objects.filter(code=district).first()
        if unit_district is None:
            raise api_error("未知的行政区代码", field="district")
    today = timezone.localdate()
    plan = current_plan(today)
    if plan is None:
        return OpenCommitteesOut(year=None, committees=[])
    windows = plan_windows(plan)
    committees = []
    for c in committees_open_for_application(plan, today, unit_district=unit_district):
        own_windows = [effective_window(windows, c.series_id, step) for step in Step]
        committees.append(
            CommitteeOut(
                id=c.pk,
                name=c.name,
                series=CodeNameOut(code=c.series.code, name=c.series.name),
                specialty=CodeNameOut(code=c.specialty.code, name=c.specialty.name) if c.specialty else None,
                tier=c.tier,
                tier_name=Tier(c.tier).label,
                levels=[CodeNameOut(code=lv, name=Level(lv).label) for lv in c.levels],
                agency=AgencyOut(id=c.agency.pk, name=c.agency.name, phone=c.agency.phone),
                district=CodeNameOut(code=c.district.code, name=c.district.name) if c.district else None,
                filing_number=c.filing_number,
                expires_on=c.expires_on,
                phone=c.phone,
                windows=[
                    WindowOut(step=w.step, step_name=Step(w.step).label, opens_on=w.opens_on, closes_on=w.closes_on)
                    for w in own_windows
                    if w is not None
                ],
            )
        )
    return OpenCommitteesOut(year=plan.year, committees=committees)


class CatalogRowErrorOut(Schema):
    sheet: str
    row: int
    message: str


class SheetResultOut(Schema):
    sheet: str
    created: int
    updated: int
    unchanged: int


class CatalogImportOut(Schema):
    ok: bool
    errors: list[CatalogRowErrorOut]
    sheets: list[SheetResultOut]


@router.post(
    "/import",
    response={200: CatalogImportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="市人社局导入名录Excel（任一行有误则全部不导入，每处错误以“工作表:行”为 field 答复422）",
)
def import_workbook(request: HttpRequest, file: File[UploadedFile]) -> Reply[ImportReport]:
    user = require_role(request, Role.BUREAU)
    if file.size is not None and file.size > IMPORT_MAX_BYTES:
        raise api_error("文件过大，名录文件不超过5MB", field="file")
    report = import_catalog(file, by=user)
    if not report.ok:
        raise ApiError(
            [
                {"code": "invalid", "message": e.message, "field": f"{e.sheet}:{e.row}", "rule": None}
                for e in report.errors
            ]
        )
    return Reply(200, report)
