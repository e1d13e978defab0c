"""The signed minutes (评审会议纪要) as an A4 PDF for the archive (R-72), rendered like the other documents."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.ballots import selectors
from zhicheng.ballots.models import Minutes


def render_minutes_pdf(minutes: Minutes) -> bytes:
    html = render_to_string(
        "ballots/minutes_pdf.html",
        {
            "minutes": minutes,
            "record": selectors.minutes_record(minutes),
            "signatures": selectors.signatures(minutes),
            "printed_on": timezone.localdate(),
        },
    )
    # Nothing outside the template is ever loaded: remark text cannot make the renderer fetch a URL or file.
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
