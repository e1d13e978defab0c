"""The defense notice (答辩通知书, R-67) as an A4 PDF, rendered like the other documents (WeasyPrint, CJK fonts)."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.panels.models import DefenseSlot


def render_defense_notice(slot: DefenseSlot) -> bytes:
    """Name, application number, committee, time, place and what to bring; no ID number and no phone."""
    application = slot.entry.application
    html = render_to_string(
        "panels/defense_notice.html",
        {
            "slot": slot,
            "application": application,
            "starts_at": timezone.localtime(slot.starts_at),
            "agency": application.committee.agency,
            "printed_on": timezone.localdate(),
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
