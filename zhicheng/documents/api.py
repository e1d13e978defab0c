"""The applicant's documents as application/pdf."""

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from zhicheng.core.api_errors import ErrorOut, not_found
from zhicheng.documents.selectors import find_application_for
from zhicheng.documents.services import DOCUMENTS
from zhicheng.documents.views import pdf_response

router = Router(tags=["documents"])
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
PDF = {
    200: {"description": "PDF 文件", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}
}


def _pdf(request: HttpRequest, application_id: int, slug: str) -> HttpResponse:
    application = find_application_for(request.user, application_id)
    if application is None:
        raise not_found()
    return pdf_response(DOCUMENTS[slug], application)


@router.get(
    "/applications/{application_id}/info-form",
    response=ERRORS,
    openapi_extra={"responses": PDF},
    summary="职称申报信息表（PDF）",
)
def info_form(request: HttpRequest, application_id: int) -> HttpResponse:
    return _pdf(request, application_id, "info_form")


@router.get(
    "/applications/{application_id}/pledge",
    response=ERRORS,
    openapi_extra={"responses": PDF},
    summary="诚信承诺书（PDF）",
)
def pledge(request: HttpRequest, application_id: int) -> HttpResponse:
    return _pdf(request, application_id, "pledge")


@router.get(
    "/applications/{application_id}/posting",
    response=ERRORS,
    openapi_extra={"responses": PDF},
    summary="公示模板（PDF）",
)
def posting(request: HttpRequest, application_id: int) -> HttpResponse:
    return _pdf(request, application_id, "posting")
