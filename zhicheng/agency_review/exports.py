"""The agency's queue as an Excel workbook."""

from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from zhicheng.applications.models import Application

HEADERS = ["申报编号", "申报人", "工作单位", "评委会", "申报级别", "状态", "截止日期", "最近提交时间"]


def queue_workbook(applications: QuerySet[Application]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "审核队列"
    sheet.append(HEADERS)
    for a in applications.iterator(chunk_size=500):
        submitted = timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else ""
        sheet.append(
            [
                a.number,
                a.applicant.real_name,
                a.unit.name if a.unit else (a.association.name if a.association else ""),
                a.committee.name,
                a.get_level_display(),
                a.get_status_display(),
                a.due_on.isoformat() if a.due_on else "",
                submitted,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
