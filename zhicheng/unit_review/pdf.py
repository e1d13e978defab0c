"""The posting notice (公示) the unit prints: the posted facts and period, without ID number or phone (R-30)."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.applications.models import EmploymentType
from zhicheng.documents.pdf import current_title, education_summary
from zhicheng.unit_review.models import Posting


def render_posting_notice(posting: Posting) -> bytes:
    application = posting.application
    committee = application.committee
    specialty = application.specialty or committee.specialty
    context = {
        "posting": posting,
        "application": application,
        "applicant": application.applicant,
        "plan": application.plan,
        "series": committee.series.name,
        "specialty": specialty.name if specialty is not None else "",
        "current_title": current_title(application),
        "education": education_summary(application),
        "achievements": list(application.achievements.all()),
        "is_freelancer": application.employment_type == EmploymentType.FREELANCER,
        "printed_on": timezone.localdate(),
    }
    html = render_to_string("unit_review/posting_notice.html", context)
    # Nothing outside the template is ever loaded: user text cannot make the renderer fetch a URL or file.
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
