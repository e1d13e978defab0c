"""Importing the catalog from one Excel workbook (sheets 系列, 专业, 评委会, 时间窗口, 收费标准, 职业资格对应).

Every row is validated; the rows are written in one transaction that is rolled back if any row is wrong, so
the bureau either gets the whole workbook or nothing, with a row-by-row list of what to fix.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from zhicheng.accounts.models import Organization, OrgKind, User
from zhicheng.audit.services import record
from zhicheng.catalog.models import (
    Committee,
    District,
    Fee,
    Level,
    Plan,
    QualificationMapping,
    Series,
    Specialty,
    Step,
    Tier,
    Window,
)

M = TypeVar("M", bound=models.Model)

MAX_ROWS_PER_SHEET = 5000
HELP_SHEET = "说明"
TRUE_WORDS = frozenset({"是", "y", "yes", "true", "1", "√"})
FALSE_WORDS = frozenset({"否", "n", "no", "false", "0", ""})
NOT_A_WORKBOOK = "文件不是有效的Excel工作簿（.xlsx），请使用导入模板填写"


class CellError(Exception):
    """A cell that cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    message: str


@dataclass
class SheetResult:
    sheet: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    sheets: list[SheetResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, sheet: str, row: int, message: str) -> None:
        self.errors.append(RowError(sheet, row, message))


# Cell readers: each turns one raw cell value into a Python value or raises CellError.


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return str(value).strip()


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError("请填写“是”或“否”")


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{text}”不是有效日期，请按 2024-07-02 格式填写")


def _year(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise CellError(f"“{text}”不是有效年度，请填写四位数字，如 2024")
    return int(text)


def _count(value: Any) -> int:
    text = _text(value)
    if not text:
        return 0
    if not text.isdigit():
        raise CellError(f"“{text}”不是非负整数")
    return int(text)


def _amount(value: Any) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}”不是有效金额") from None
    if not amount.is_finite() or amount < 0:
        raise CellError(f"“{text}”不是有效金额")
    return amount.quantize(Decimal("0.01"))


def _choice(choices: type[models.TextChoices], extra: dict[str, str] | None = None) -> Callable[[Any], str]:
    """Accept a choice's Chinese label, its code, or one of the extra spellings."""
    names = {str(label): value for value, label in choices.choices} | {v: v for v in choices.values} | (extra or {})

    def read(value: Any) -> str:
        text = _text(value)
        if not text:
            return ""
        if text not in names:
            allowed = "、".join(str(label) for label in choices.labels)
            raise CellError(f"“{text}”无效，可填：{allowed}")
        return names[text]

    return read


@dataclass(frozen=True)
class Column:
    header: str
    attr: str
    read: Callable[[Any], Any] = _text
    required: bool = False
    help: str = ""


RowValues = dict[str, Any]
Outcome = str  # "created" | "updated" | "unchanged"


@dataclass(frozen=True)
class SheetSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    apply: Callable[[RowValues, Any], Outcome]


class RowProblem(Exception):
    """A row that is readable but refers to something missing or breaks a model rule."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("；".join(messages))
        self.messages = messages


def _problem(message: str) -> RowProblem:
    return RowProblem([message])


def _messages(exc: ValidationError, model: type[models.Model]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    found: list[str] = []
    for name, errors in exc.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else f"{getattr(model._meta.get_field(name), 'verbose_name', name)}："
        found.extend(f"{label}{message}" for message in errors)
    return found


def _upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any], by: Any) -> tuple[M, Outcome]:
    """Create or update one row, validated by the model's own rules, and audit the change."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj, "unchanged"
    before = {name: str(getattr(obj, name)) for name in values} if not created else {}
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
        with transaction.atomic():
            obj.save()
    except ValidationError as exc:
        raise RowProblem(_messages(exc, model)) from None
    except DatabaseError:
        raise _problem("与已有数据冲突，无法保存") from None
    after = {name: str(getattr(obj, name)) for name in values}
    record(obj, by=by, action="catalog_imported", data={"created": created, "before": before, "after": after})
    return obj, "created" if created else "updated"


def _series(code: str) -> Series:
    series = Series.objects.filter(code=code).first()
    if series is None:
        raise _problem(f"系列代码“{code}”不存在")
    return series


def _plan(year: int) -> Plan:
    plan = Plan.objects.filter(year=year).first()
    if plan is None:
        raise _problem(f"{year}年度计划尚未建立，请先在“年度计划”中新建")
    return plan


def _apply_series(row: RowValues, by: Any) -> Outcome:
    values = {k: v for k, v in row.items() if k != "code"}
    return _upsert(Series, {"code": row["code"]}, values, by)[1]


def _apply_specialty(row: RowValues, by: Any) -> Outcome:
    series = _series(row["series"])
    return _upsert(Specialty, {"series": series, "code": row["code"]}, {"name": row["name"]}, by)[1]


def _apply_committee(row: RowValues, by: Any) -> Outcome:
    series = _series(row["series"])
    agency = Organization.objects.filter(name=row["agency"]).first()
    if agency is None or agency.kind != OrgKind.AGENCY:
        raise _problem(f"评审服务机构“{row['agency']}”不存在，请先在“单位/机构”中建立")
    specialty = None
    if row["specialty"]:
        specialty = Specialty.objects.filter(series=series, code=row["specialty"]).first()
        if specialty is None:
            raise _problem(f"系列“{series.name}”下没有专业代码“{row['specialty']}”")
    district = None
    if row["district"]:
        district = District.objects.filter(models.Q(name=row["district"]) | models.Q(code=row["district"])).first()
        if district is None:
            raise _problem(f"行政区“{row['district']}”不存在")
    if row["tier"] == Tier.JUNIOR and series.is_engineering and district is None:
        raise _problem("工程技术系列初级评委会须填写所在区")
    plan = _plan(row["catalog_year"]) if row["catalog_year"] else None
    values = {
        "agency": agency,
        "series": series,
        "specialty": specialty,
        "tier": row["tier"],
        "evaluates_lower_levels": row["evaluates_lower_levels"],
        "district": district,
        "filing_number": row["filing_number"],
        "filed_on": row["filed_on"],
        "expires_on": row["expires_on"],
        "phone": row["phone"],
    }
    committee, outcome = _upsert(Committee, {"name": row["name"]}, values, by)
    if plan is not None and not plan.committees.filter(pk=committee.pk).exists():
        plan.committees.add(committee)
        record(plan, by=by, action="catalog_committee_listed", data={"committee": row["name"]})
        return "created" if outcome == "created" else "updated"
    return outcome


def _apply_window(row: RowValues, by: Any) -> Outcome:
    plan = _plan(row["year"])
    series = _series(row["series"]) if row["series"] else None
    lookup = {"plan": plan, "series": series, "step": row["step"]}
    return _upsert(Window, lookup, {"opens_on": row["opens_on"], "closes_on": row["closes_on"]}, by)[1]


def _apply_fee(row: RowValues, by: Any) -> Outcome:
    plan = _plan(row["year"])
    committee = Committee.objects.filter(name=row["committee"]).first()
    if committee is None:
        raise _problem(f"评委会“{row['committee']}”不存在")
    if row["level"] not in committee.levels:
        raise _problem(f"评委会“{committee.name}”不评审{Level(row['level']).label}职称")
    lookup = {"plan": plan, "committee": committee, "level": row["level"]}
    return _upsert(Fee, lookup, {"amount": row["amount"]}, by)[1]


def _apply_qualification(row: RowValues, by: Any) -> Outcome:
    series = _series(row["series"])
    values = {"series": series, "level": row["level"]}
    return _upsert(QualificationMapping, {"name": row["name"]}, values, by)[1]


_level = _choice(Level)
_tier = _choice(Tier, {"高级": Tier.SENIOR, "中级": Tier.INTERMEDIATE, "初级": Tier.JUNIOR})
_step = _choice(Step)
_BOOL_HELP = "是/否，空白视为否"

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "系列",
        (
            Column("系列代码", "code", required=True, help="英文代码，如 engineering"),
            Column("系列名称", "name", required=True),
            Column("工程技术系列", "is_engineering", _boolean, help=_BOOL_HELP),
            Column("高技能人才可申报", "allows_high_skilled", _boolean, help=_BOOL_HELP),
            Column("自由职业者可申报", "allows_freelancer", _boolean, help=_BOOL_HELP),
            Column("自由职业者须协会推荐", "freelancer_needs_association", _boolean, help=_BOOL_HELP),
            Column("副高级考评结合", "exam_required_for_deputy_senior", _boolean, help=_BOOL_HELP),
            Column("排序", "sort_order", _count, help="非负整数，空白为0"),
        ),
        ("code",),
        _apply_series,
    ),
    SheetSpec(
        "专业",
        (
            Column("系列代码", "series", required=True),
            Column("专业代码", "code", required=True),
            Column("专业名称", "name", required=True),
        ),
        ("series", "code"),
        _apply_specialty,
    ),
    SheetSpec(
        "评委会",
        (
            Column("评委会名称", "name", required=True),
            Column("评审服务机构", "agency", required=True, help="须与“单位/机构”中的名称一致"),
            Column("系列代码", "series", required=True),
            Column("专业代码", "specialty", help="按系列组建的评委会留空"),
            Column("层级", "tier", _tier, required=True, help="高级评委会/中级评委会/初级评委会"),
            Column("可代评本系列低级别", "evaluates_lower_levels", _boolean, help=_BOOL_HELP),
            Column("所在区", "district", help="工程技术系列初级评委会必填，如 朝阳区"),
            Column("备案编号", "filing_number"),
            Column("核准备案日期", "filed_on", _date, help="如 2024-03-01"),
            Column("备案有效期至", "expires_on", _date, help="不超过备案日期后3年"),
            Column("咨询电话", "phone"),
            Column("纳入名录年度", "catalog_year", _year, help="填写后列入该年度名录，如 2024"),
        ),
        ("name",),
        _apply_committee,
    ),
    SheetSpec(
        "时间窗口",
        (
            Column("年度", "year", _year, required=True),
            Column("系列代码", "series", help="留空表示所有未单独设置的系列"),
            Column("环节", "step", _step, required=True, help="个人网上申报/单位审核推荐/评审服务机构审核"),
            Column("开始日期", "opens_on", _date, required=True),
            Column("截止日期", "closes_on", _date, required=True),
        ),
        ("year", "series", "step"),
        _apply_window,
    ),
    SheetSpec(
        "收费标准",
        (
            Column("年度", "year", _year, required=True),
            Column("评委会名称", "committee", required=True),
            Column("级别", "level", _level, required=True, help="正高级/副高级/中级/助理级/员级"),
            Column("金额（元）", "amount", _amount, required=True),
        ),
        ("year", "committee", "level"),
        _apply_fee,
    ),
    SheetSpec(
        "职业资格对应",
        (
            Column("职业资格名称", "name", required=True),
            Column("对应系列代码", "series", required=True),
            Column("对应级别", "level", _level, required=True, help="正高级/副高级/中级/助理级/员级"),
        ),
        ("name",),
        _apply_qualification,
    ),
)


def _read_row(spec: SheetSpec, headers: list[str], cells: tuple[Any, ...]) -> tuple[RowValues, list[str]]:
    by_header = {h: cells[i] if i < len(cells) else None for i, h in enumerate(headers)}
    values: RowValues = {}
    errors = []
    for column in spec.columns:
        try:
            value = column.read(by_header.get(column.header))
        except CellError as exc:
            errors.append(f"“{column.header}”{exc}")
            continue
        if column.required and value in ("", None):
            errors.append(f"“{column.header}”不能为空")
        values[column.attr] = value
    return values, errors


def _import_sheet(spec: SheetSpec, rows: Any, report: ImportReport, by: Any) -> None:
    result = SheetResult(spec.name)
    report.sheets.append(result)
    header_cells = next(rows, None) or ()
    headers = [_text(h) for h in header_cells]
    known = {c.header for c in spec.columns}
    missing = [c.header for c in spec.columns if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in known]
    if missing:
        report.add_error(spec.name, 1, "缺少必填列：" + "、".join(missing))
    if unknown:
        report.add_error(spec.name, 1, "无法识别的列：" + "、".join(unknown))
    if missing or unknown:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in enumerate(rows, start=2):
        if all(_text(c) == "" for c in cells):
            continue
        if number > MAX_ROWS_PER_SHEET + 1:
            report.add_error(spec.name, number, f"每个工作表最多{MAX_ROWS_PER_SHEET}行，请分批导入")
            return
        values, errors = _read_row(spec, headers, cells)
        for message in errors:
            report.add_error(spec.name, number, message)
        if errors:
            continue
        key = tuple(values[k] for k in spec.key)
        if key in seen:
            report.add_error(spec.name, number, f"与第{seen[key]}行重复")
            continue
        seen[key] = number
        try:
            outcome = spec.apply(values, by)
        except RowProblem as exc:
            for message in exc.messages:
                report.add_error(spec.name, number, message)
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)


def import_catalog(file: str | IO[bytes], *, by: User | None) -> ImportReport:
    """Validate and import a catalog workbook; writes nothing unless every row is valid."""
    report = ImportReport()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        report.add_error("", 0, NOT_A_WORKBOOK)
        return report
    try:
        names = set(workbook.sheetnames) - {HELP_SHEET}
        specs = [spec for spec in SHEETS if spec.name in names]
        for name in sorted(names - {spec.name for spec in SHEETS}):
            report.add_error(name, 0, "无法识别的工作表，可用的工作表：" + "、".join(s.name for s in SHEETS))
        if not specs and not report.errors:
            report.add_error("", 0, "工作簿中没有可导入的工作表")
        with translation.override("zh-hans"), transaction.atomic():
            for spec in specs:
                _import_sheet(spec, workbook[spec.name].iter_rows(values_only=True), report, by)
            if report.errors:
                transaction.set_rollback(True)
    except (zipfile.BadZipFile, SyntaxError):
        report = ImportReport()
        report.add_error("", 0, NOT_A_WORKBOOK)
    finally:
        workbook.close()
    return report


def export_template() -> bytes:
    """An empty workbook with one sheet per kind of data, the headers, and a sheet explaining each column."""
    workbook = Workbook()
    bold = Font(bold=True)
    help_sheet = workbook.active
    help_sheet.title = HELP_SHEET
    help_sheet.append(["工作表", "列", "必填", "说明"])
    for spec in SHEETS:
        sheet = workbook.create_sheet(spec.name)
        sheet.append([c.header for c in spec.columns])
        for index, column in enumerate(spec.columns, start=1):
            sheet.cell(row=1, column=index).font = bold
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(
                12, len(column.header) * 2 + 4
            )
            help_sheet.append([spec.name, column.header, "是" if column.required else "", column.help])
        sheet.freeze_panes = "A2"
    for cell in help_sheet[1]:
        cell.font = bold
    for letter, width in zip("ABCD", (14, 22, 8, 50), strict=True):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
