"""REST operations on materials: the same services and checks as the pages."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.decorators import decorate_view

from zhicheng.accounts.models import User
from zhicheng.core.api_errors import ErrorOut, api_error, not_found, unauthenticated
from zhicheng.materials import services
from zhicheng.materials.models import Attachment
from zhicheng.materials.selectors import find_achievement, find_application_for, find_attachment_for
from zhicheng.materials.uploadhandlers import limit_upload_size, upload_too_large
from zhicheng.materials.validation import size_message

router = Router(tags=["materials"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 413: ErrorOut, 422: ErrorOut}


class MaterialAttachmentOut(Schema):
    id: int
    application_id: int
    kind: str
    kind_label: str
    achievement_id: int | None
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime.datetime
    download_url: str
    thumbnail_url: str | None


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise unauthenticated()
    return request.user


def _out(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "application_id": attachment.application_id,
        "kind": attachment.kind,
        "kind_label": attachment.get_kind_display(),
        "achievement_id": attachment.achievement_id,
        "original_name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "uploaded_at": attachment.uploaded_at,
        "download_url": reverse("materials:download", args=[attachment.pk]),
        "thumbnail_url": reverse("materials:thumbnail", args=[attachment.pk]) if attachment.thumbnail else None,
    }


def _file(request: HttpRequest, file: UploadedFile | None) -> UploadedFile:
    if upload_too_large(request):
        raise api_error(size_message(), code="too_large", field="file")
    if file is None:
        raise api_error("请选择要上传的文件", code="no_file", field="file")
    return file


def _attachment(user: User, pk: int) -> Attachment:
    attachment = find_attachment_for(user, pk)
    if attachment is None:
        raise not_found()
    return attachment


@router.get(
    "/applications/{application_id}/attachments",
    response={200: list[MaterialAttachmentOut], **ERRORS},
    summary="申报的现有材料",
)
def list_attachments(request: HttpRequest, application_id: int) -> list[dict[str, Any]]:
    application = find_application_for(_user(request), application_id)
    if application is None:
        raise not_found()
    return [_out(a) for a in services.current_attachments(application)]


@router.post(
    "/applications/{application_id}/attachments",
    response={201: MaterialAttachmentOut, **ERRORS},
    summary="上传材料（multipart：kind、file，业绩成果证明另附 achievement_id）",
)
@decorate_view(limit_upload_size)
def upload_attachment(
    request: HttpRequest,
    application_id: int,
    kind: Form[str],
    achievement_id: Form[int | None] = None,
    file: File[UploadedFile | None] = None,
) -> Status:
    user = _user(request)
    application = find_application_for(user, application_id)
    if application is None:
        raise not_found()
    achievement = find_achievement(application, achievement_id)
    if achievement_id is not None and achievement is None:
        raise api_error("该业绩成果不属于本申报", code="bad_achievement", field="achievement_id")
    attachment = services.upload_attachment(
        application, kind=kind, file=_file(request, file), by=user, achievement=achievement
    )
    return Status(201, _out(attachment))


@router.post(
    "/attachments/{attachment_id}/replace",
    response={201: MaterialAttachmentOut, **ERRORS},
    summary="替换材料（旧文件保留在已提交的版本中）",
)
@decorate_view(limit_upload_size)
def replace_attachment(request: HttpRequest, attachment_id: int, file: File[UploadedFile | None] = None) -> Status:
    user = _user(request)
    attachment = _attachment(user, attachment_id)
    replacement = services.replace_attachment(attachment, file=_file(request, file), by=user)
    return Status(201, _out(replacement))


@router.delete("/attachments/{attachment_id}", response={204: None, **ERRORS}, summary="删除材料")
def delete_attachment(request: HttpRequest, attachment_id: int) -> Status:
    user = _user(request)
    attachment = _attachment(user, attachment_id)
    services.delete_attachment(attachment, by=user)
    return Status(204, None)
