"""The 评审结果反馈函 to an entrusting unit as an A4 PDF, rendered like the other documents (WeasyPrint, CJK fonts)."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.postings.models import PostedResult


def render_result_letter(posted: PostedResult) -> bytes:
    application = posted.application
    html = render_to_string(
        "postings/letter_pdf.html",
        {
            "posted": posted,
            "posting": posted.posting,
            "application": application,
            "session": posted.posting.session,
            "printed_on": timezone.localdate(),
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
