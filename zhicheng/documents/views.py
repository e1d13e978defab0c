"""Downloads of the applicant's documents as PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from zhicheng.applications.models import Application
from zhicheng.documents.selectors import find_application_for
from zhicheng.documents.services import DOCUMENTS, Document


def pdf_response(document: Document, application: Application) -> HttpResponse:
    response = HttpResponse(document.render(application), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, document.filename(application))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _download(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    application = find_application_for(request.user, pk)
    if application is None:
        raise Http404("未找到该申报，或您无权访问")
    return pdf_response(DOCUMENTS[slug], application)


@login_required
@require_GET
def info_form(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "info_form")


@login_required
@require_GET
def pledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pledge")


@login_required
@require_GET
def posting(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "posting")
