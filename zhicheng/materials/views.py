"""Upload, replace, delete and serve materials. HTMX requests get the refreshed partial back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from zhicheng.accounts.models import User
from zhicheng.applications.models import Achievement, Application
from zhicheng.materials import services
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.permissions import can_change_materials
from zhicheng.materials.selectors import find_achievement, find_application_for, find_attachment_for
from zhicheng.materials.uploadhandlers import upload_too_large, with_upload_limit
from zhicheng.materials.validation import MaterialError, size_message


@login_required
@require_POST
@with_upload_limit
def upload(request: HttpRequest, application_pk: int, kind: str) -> HttpResponse:
    user = _user(request)
    application = find_application_for(user, application_pk)
    if application is None or kind not in AttachmentKind.values:
        raise Http404
    achievement = find_achievement(application, _int_or_none(request.POST.get("achievement")))
    try:
        services.upload_attachment(
            application, kind=kind, file=_uploaded_file(request), by=user, achievement=achievement
        )
    except MaterialError as exc:
        return _respond(request, application, kind, achievement, error=exc.message)
    return _respond(request, application, kind, achievement, done="文件已上传")


@login_required
@require_POST
@with_upload_limit
def replace(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    attachment = _attachment_or_404(user, pk)
    try:
        services.replace_attachment(attachment, file=_uploaded_file(request), by=user)
    except MaterialError as exc:
        return _respond(request, attachment.application, attachment.kind, attachment.achievement, error=exc.message)
    return _respond(request, attachment.application, attachment.kind, attachment.achievement, done="文件已替换")


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    attachment = _attachment_or_404(user, pk)
    try:
        services.delete_attachment(attachment, by=user)
    except MaterialError as exc:
        return _respond(request, attachment.application, attachment.kind, attachment.achievement, error=exc.message)
    return _respond(request, attachment.application, attachment.kind, attachment.achievement, done="文件已删除")


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment_or_404(_user(request), pk)
    return _serve(attachment.file, attachment.content_type, filename=attachment.original_name, as_attachment=True)


@login_required
@require_GET
def inline(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment_or_404(_user(request), pk)
    return _serve(attachment.file, attachment.content_type, filename=attachment.original_name, as_attachment=False)


@login_required
@require_GET
def thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    attachment = _attachment_or_404(_user(request), pk)
    if not attachment.thumbnail:
        raise Http404
    return _serve(attachment.thumbnail, "image/jpeg", filename="", as_attachment=False)


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # login_required lets only real users through
        raise Http404
    return request.user


def _attachment_or_404(user: User, pk: int) -> Attachment:
    attachment = find_attachment_for(user, pk)
    if attachment is None:
        raise Http404("未找到该文件，或您无权访问")
    return attachment


def _uploaded_file(request: HttpRequest) -> UploadedFile:
    if upload_too_large(request):
        raise MaterialError(size_message(), code="too_large", field="file")
    file = request.FILES.get("file")
    if file is None:
        raise MaterialError("请选择要上传的文件", code="no_file", field="file")
    return file


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# A served file runs nothing and reaches nothing: a sandboxed, unique origin without scripts, forms, plugins or
# fetches, which no other page may frame; only the image itself and inline styles of a browser's viewer.
FILE_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def _serve(field: FieldFile, content_type: str, *, filename: str, as_attachment: bool) -> FileResponse:
    """Stream a stored file with the type decided at upload; browsers must not guess another nor run it."""
    try:
        handle = field.storage.open(field.name or "", "rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-cache"
    return response


def _respond(
    request: HttpRequest,
    application: Application,
    kind: str,
    achievement: Achievement | None,
    *,
    error: str = "",
    done: str = "",
) -> HttpResponse:
    """The refreshed partial for HTMX; otherwise back to the page the form was on, with a message."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.headers.get("HX-Request") != "true":
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect(next_url or "home")
    context = {
        "application": application,
        "kind": kind,
        "kind_label": AttachmentKind(kind).label,
        "attachments": services.current_attachments(application).filter(kind=kind, achievement=achievement),
        "achievement": achievement,
        "editable": can_change_materials(request.user, application),
        "material_error": error,
        "next_url": next_url,
    }
    response = render(request, "materials/_attachments.html", context)
    if not error:
        response["HX-Trigger"] = "materials-changed"  # the page refreshes its eligibility panel
    return response
