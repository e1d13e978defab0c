"""The agency's reconciliation report as an Excel workbook."""

from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook

from zhicheng.fees.models import Payment


def reconciliation_workbook(summary: list[dict[str, object]], payments: QuerySet[Payment]) -> bytes:
    """Two sheets: paid/pending per committee, and every paid order."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "汇总"
    sheet.append(["评委会", "已缴费（人）", "已缴金额（元）", "待缴费（人）", "待缴金额（元）"])
    for row in summary:
        sheet.append([row["committee"], row["paid_count"], row["paid_sum"], row["pending_count"], row["pending_sum"]])
    detail = book.create_sheet("缴费明细")
    detail.append(["订单号", "支付流水号", "申报编号", "申报人", "评委会", "金额（元）", "支付时间"])
    for p in payments.iterator(chunk_size=500):
        application = p.fee_notice.application
        paid_at = timezone.localtime(p.paid_at).strftime("%Y-%m-%d %H:%M:%S") if p.paid_at else ""
        detail.append(
            [
                p.out_trade_no,
                p.gateway_txn_id,
                application.number,
                application.applicant.real_name,
                application.committee.name,
                p.amount,
                paid_at,
            ]
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()
