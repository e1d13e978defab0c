"""The applicant's documents (R-21) as A4 PDFs: HTML templates rendered by WeasyPrint with CJK fonts."""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from zhicheng.applications.models import Application, Basis, EmploymentType


def render_info_form(application: Application) -> bytes:
    """职称申报信息表: every section, with the full ID number (the applicant's own form)."""
    return _render("documents/info_form.html", _context(application, details=True))


def render_pledge(application: Application) -> bytes:
    """诚信承诺书: the integrity pledge of 001 四(一) with signature and date lines."""
    return _render("documents/pledge.html", _context(application))


def render_posting(application: Application) -> bytes:
    """公示模板: what the unit posts; no ID number and no phone."""
    return _render("documents/posting.html", _context(application))


def _render(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(template, context)
    # Nothing outside the template is ever loaded: user text cannot make the renderer fetch a URL or file.
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf


def _context(application: Application, *, details: bool = False) -> dict[str, Any]:
    application = (
        Application.objects.select_related(
            "applicant",
            "plan",
            "committee__series",
            "committee__specialty",
            "specialty",
            "unit",
            "association",
            "current_series",
            "qualification",
        )
        .prefetch_related("achievements", "work_history")
        .get(pk=application.pk)
    )
    committee = application.committee
    specialty = application.specialty or committee.specialty
    context: dict[str, Any] = {
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
    if details:
        context["work_history"] = list(application.work_history.all())
        context["years_in_beijing"] = application.years_in_beijing(timezone.localdate())
    return context


def current_title(application: Application) -> str:
    """The title or qualification the application builds on, in words."""
    if application.basis == Basis.TITLE and application.current_series is not None:
        return f"{application.current_series.name}{application.get_current_level_display()}"
    if application.basis == Basis.QUALIFICATION and application.qualification is not None:
        return f"{application.qualification.name}（职业资格）"
    return "无"


def education_summary(application: Application) -> str:
    parts = [application.get_education_display(), application.school, application.major, application.degree]
    return "，".join(p for p in parts if p) or "未填写"
