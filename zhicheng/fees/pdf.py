"""The payment receipt (缴费凭证) as an A4 PDF, rendered like the other documents (WeasyPrint, CJK fonts)."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.fees.models import Payment


def render_receipt(payment: Payment) -> bytes:
    application = payment.fee_notice.application
    html = render_to_string(
        "fees/receipt.html",
        {
            "payment": payment,
            "application": application,
            "agency": application.committee.agency,
            "printed_on": timezone.localdate(),
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
