"""Importing experts from an Excel workbook (sheet 专家), in the style of the catalog import.

1. Read every row and check each cell; resolve series, specialty and units against the database.
2. If any row is wrong, report every problem (row, column, message) and write nothing.
3. Otherwise, in one transaction, create each expert as a candidate (待备案) with a login account
   (username "zj" + 8 random digits, a random initial password) and queue the SMS that tells them both.
"""

import io
import re
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from zhicheng.accounts.models import Organization, Role, User
from zhicheng.accounts.services import create_staff_user
from zhicheng.audit.services import record
from zhicheng.catalog.importing import NOT_A_WORKBOOK, CellError, Column, _boolean, _choice, _text
from zhicheng.catalog.models import Level, Series, Specialty
from zhicheng.core import crypto
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.notifications.services import queue_sms

SHEET = "专家"
HELP_SHEET = "说明"
MAX_ROWS = 2000
IMPORT_MAX_BYTES = 5 * 1024 * 1024
USERNAME_PREFIX = "zj"
# No 0/O, 1/l/I: the password is read from an SMS and typed by hand.
PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # noqa: S105 - an alphabet, not a password
PASSWORD_LENGTH = 12
MOBILE = re.compile(r"1[3-9]\d{9}")
_BOOL_HELP = "是/否，空白视为否"


def _mobile(value: Any) -> str:
    text = _text(value).replace(" ", "").replace("-", "")
    if text and not MOBILE.fullmatch(text):
        raise CellError(f"“{text}”不是有效的11位手机号码")
    return text


def _limited(length: int) -> Callable[[Any], str]:
    def read(value: Any) -> str:
        text = _text(value)
        if len(text) > length:
            raise CellError(f"不超过{length}个字")
        return text

    return read


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", _limited(60), required=True),
    Column("手机号码", "phone", _mobile, required=True, help="11位手机号码，用于接收登录账号和初始密码"),
    Column("系列", "series", required=True, help="系列名称或代码，如 工程技术 或 engineering"),
    Column("专业", "specialty", help="专业名称或代码，可留空"),
    Column("职称级别", "level", _choice(Level), required=True, help="正高级/副高级/中级/助理级/员级"),
    Column("职称名称", "title_name", _limited(60), required=True, help="如 正高级工程师"),
    Column("工作单位", "unit", _limited(120), required=True, help="与平台中的单位名称一致时自动关联"),
    Column("基层一线", "is_grassroots", _boolean, help=_BOOL_HELP),
    Column("中央单位", "is_central_unit", _boolean, help=_BOOL_HELP),
    Column("非公领域", "is_non_public", _boolean, help=_BOOL_HELP),
    Column("青年", "is_young", _boolean, help=_BOOL_HELP),
    Column("所属自主评聘单位", "pool_owner", help="自主评聘单位本单位专家名单填写该单位名称；全市专家库留空"),
)


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


@dataclass
class _Lookups:
    """The reference rows the sheet names, loaded once instead of once per row."""

    series: dict[str, Series]
    specialties: dict[tuple[int, str], Specialty]
    organizations: dict[str, Organization]
    known_phones: set[str]

    @classmethod
    def load(cls, rows: list[tuple[int, dict[str, Any]]]) -> "_Lookups":
        series = {key: s for s in Series.objects.all() for key in (s.name, s.code)}
        specialties = {(s.series_id, key): s for s in Specialty.objects.all() for key in (s.name, s.code)}
        names = {values[attr] for _, values in rows for attr in ("unit", "pool_owner") if values.get(attr)}
        organizations = {o.name: o for o in Organization.objects.filter(name__in=names)}
        hashes = {crypto.lookup_hash(values["phone"]) for _, values in rows if values.get("phone")}
        known = set(Expert.objects.filter(phone_hash__in=hashes).values_list("phone_hash", flat=True))
        return cls(series, specialties, organizations, known)


def _read_cells(headers: list[str], cells: tuple[Any, ...], number: int, report: ImportReport) -> dict[str, Any]:
    """The row's readable cells by attribute; an unreadable or missing required cell is reported and left out."""
    by_header = {h: cells[i] if i < len(cells) else None for i, h in enumerate(headers)}
    values: dict[str, Any] = {}
    for column in COLUMNS:
        try:
            value = column.read(by_header.get(column.header))
        except CellError as exc:
            report.add_error(number, column.header, str(exc))
            continue
        if column.required and value in ("", None):
            report.add_error(number, column.header, "不能为空")
            continue
        values[column.attr] = value
    return values


def _resolve(number: int, values: dict[str, Any], found: _Lookups, report: ImportReport) -> dict[str, Any] | None:
    """The Expert fields of a row, or None when a cell was unreadable or the row names something that does not exist."""
    before = len(report.errors)
    series = found.series.get(values.get("series", ""))
    if values.get("series") and series is None:
        report.add_error(number, "系列", f"系列“{values['series']}”不存在")
    specialty = None
    if series is not None and values.get("specialty"):
        specialty = found.specialties.get((series.pk, values["specialty"]))
        if specialty is None:
            report.add_error(number, "专业", f"系列“{series.name}”下没有专业“{values['specialty']}”")
    pool_owner = None
    if values.get("pool_owner"):
        pool_owner = found.organizations.get(values["pool_owner"])
        if pool_owner is None:
            report.add_error(number, "所属自主评聘单位", f"单位“{values['pool_owner']}”不存在，请先在平台中建立")
    if values.get("phone") and crypto.lookup_hash(values["phone"]) in found.known_phones:
        report.add_error(number, "手机号码", "该手机号码的专家已在专家库中")
    if len(report.errors) > before or any(column.attr not in values for column in COLUMNS):
        return None
    return {
        "name": values["name"],
        "phone": values["phone"],
        "series": series,
        "specialty": specialty,
        "level": values["level"],
        "title_name": values["title_name"],
        "unit": found.organizations.get(values["unit"]),
        "unit_name": values["unit"],
        "is_grassroots": values["is_grassroots"],
        "is_central_unit": values["is_central_unit"],
        "is_non_public": values["is_non_public"],
        "is_young": values["is_young"],
        "pool_owner": pool_owner,
    }


def _read_sheet(rows: Any, report: ImportReport) -> list[tuple[int, dict[str, Any]]]:
    """Every non-empty row with its number and readable cells; cell problems and repeated phones are reported."""
    headers = [_text(h) for h in next(rows, None) or ()]
    known = {c.header for c in COLUMNS}
    missing = [c.header for c in COLUMNS if c.required and c.header not in headers]
    unknown = [h for h in headers if h and h not in known]
    if missing:
        report.add_error(1, "、".join(missing), "缺少必填列")
    if unknown:
        report.add_error(1, "、".join(unknown), "无法识别的列，请使用导入模板")
    if missing or unknown:
        return []
    read = []
    phones: dict[str, int] = {}
    for number, cells in enumerate(rows, start=2):
        if all(_text(c) == "" for c in cells):
            continue
        if number > MAX_ROWS + 1:
            report.add_error(number, "", f"每次最多导入{MAX_ROWS}名专家，请分批导入")
            break
        values = _read_cells(headers, cells, number, report)
        phone = values.get("phone")
        if phone in phones:
            report.add_error(number, "手机号码", f"与第{phones[phone]}行的手机号码重复")
        elif phone:
            phones[phone] = number
        read.append((number, values))
    return read


def _new_username(taken: set[str]) -> str:
    while True:
        username = f"{USERNAME_PREFIX}{secrets.randbelow(10**8):08d}"
        if username not in taken and not User.objects.filter(username=username).exists():
            taken.add(username)
            return username


def _initial_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _create(fields: dict[str, Any], *, by: User | None, taken: set[str]) -> Expert:
    """One candidate expert with an expert login account; the SMS goes out when the import commits."""
    password = _initial_password()
    user = create_staff_user(_new_username(taken), password, Role.EXPERT, fields["name"], by=by)
    expert = Expert(user=user, status=ExpertStatus.CANDIDATE, **{k: v for k, v in fields.items() if k != "phone"})
    expert.set_phone(fields["phone"])
    expert.save()
    record(expert, by=by, action="expert_imported", to_state=expert.status, data={"username": user.username})
    params = {"name": expert.name, "username": user.username, "password": password}
    queue_sms(fields["phone"], "expert_account", params, about=expert)
    return expert


def import_experts(file: str | IO[bytes], *, by: User | None) -> ImportReport:
    """Validate and import an expert workbook; writes nothing unless every row is valid."""
    report = ImportReport()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        report.add_error(0, "", NOT_A_WORKBOOK)
        return report
    try:
        names = [n for n in workbook.sheetnames if n != HELP_SHEET]
        if not names:
            report.add_error(0, "", f"工作簿中没有“{SHEET}”工作表")
            return report
        sheet = workbook[SHEET if SHEET in names else names[0]]
        rows = _read_sheet(sheet.iter_rows(values_only=True), report)
    except (zipfile.BadZipFile, SyntaxError):
        return ImportReport(errors=[RowError(0, "", NOT_A_WORKBOOK)])
    finally:
        workbook.close()
    found = _Lookups.load(rows)
    resolved = [(number, fields) for number, values in rows if (fields := _resolve(number, values, found, report))]
    if not report.ok:
        report.errors.sort(key=lambda e: e.row)
        return report
    if not resolved:
        report.add_error(0, "", "工作簿中没有专家数据")
        return report
    taken: set[str] = set()
    with translation.override("zh-hans"), transaction.atomic():
        for number, fields in resolved:
            try:
                _create(fields, by=by, taken=taken)
            except ValidationError as exc:
                report.add_error(number, "", "；".join(exc.messages))
        if report.errors:
            transaction.set_rollback(True)
        else:
            report.created = len(resolved)
    return report


def export_template() -> bytes:
    """An empty workbook: sheet 专家 with the headers, and a sheet explaining each column."""
    workbook = Workbook()
    bold = Font(bold=True)
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append([c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.header) * 2 + 4)
    sheet.freeze_panes = "A2"
    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.append(["列", "必填", "说明"])
    for column in COLUMNS:
        help_sheet.append([column.header, "是" if column.required else "", column.help])
    for cell in help_sheet[1]:
        cell.font = bold
    for letter, width in zip("ABC", (18, 8, 60), strict=True):
        help_sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
