"""Uploading, replacing and deleting an application's materials; each change is audited."""

import contextlib
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.applications.models import Achievement, Application, Status
from zhicheng.applications.services import open_targets
from zhicheng.audit import services as audit
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.validation import EXTENSIONS, JPEG, CheckedFile, MaterialError, check_upload

MAX_FILES_PER_KIND = 20
NAME_EXTENSIONS = {JPEG: {"jpg", "jpeg"}}

__all__ = [
    "MaterialError",
    "current_attachments",
    "delete_attachment",
    "replace_attachment",
    "upload_attachment",
]


def current_attachments(application: Application) -> QuerySet[Attachment]:
    """The files that make up the application now (replaced and deleted ones left out)."""
    return Attachment.objects.filter(application=application, replaced_at__isnull=True).select_related("achievement")


def upload_attachment(
    application: Application, *, kind: str, file: File[bytes], by: User, achievement: Achievement | None = None
) -> Attachment:
    """Check the file by its content and add it to the application's materials."""
    _check_may_change(application, by)
    _check_kind(application, kind, achievement)
    _check_open_kind(application, kind)
    checked = check_upload(file)
    attachment = _new_attachment(
        application, kind=kind, achievement=achievement, name=file.name, checked=checked, by=by
    )
    with _files_removed_on_error(attachment), transaction.atomic():
        _lock_editable(application, by)
        if current_attachments(application).filter(kind=kind, achievement=achievement).count() >= MAX_FILES_PER_KIND:
            raise MaterialError(f"每类材料最多上传 {MAX_FILES_PER_KIND} 个文件", code="too_many", field="file")
        _write(attachment, checked)
        audit.record(attachment, by=by, action="upload_attachment", data=_audit_data(attachment))
    return attachment


def replace_attachment(attachment: Attachment, *, file: File[bytes], by: User) -> Attachment:
    """Store a new file in the old one's place; the old row and file stay for the submitted versions."""
    application = attachment.application
    _check_may_change(application, by)
    _check_current(attachment)
    _check_open_kind(application, attachment.kind)
    checked = check_upload(file)
    replacement = _new_attachment(
        application, kind=attachment.kind, achievement=attachment.achievement, name=file.name, checked=checked, by=by
    )
    with _files_removed_on_error(replacement), transaction.atomic():
        _lock_editable(application, by)
        _retire(attachment)
        _write(replacement, checked)
        audit.record(
            replacement,
            by=by,
            action="replace_attachment",
            data={**_audit_data(replacement), "replaces": attachment.pk},
        )
    return replacement


def delete_attachment(attachment: Attachment, *, by: User) -> None:
    """Remove a file; one that a submitted version contains is only marked replaced, so the version keeps it."""
    application = attachment.application
    _check_may_change(application, by)
    _check_current(attachment)
    _check_open_kind(application, attachment.kind)
    with transaction.atomic():
        locked = _lock_editable(application, by)
        submitted = locked.version_count > 0 and (
            locked.submitted_at is None or attachment.uploaded_at <= locked.submitted_at
        )
        audit.record(attachment, by=by, action="delete_attachment", data={**_audit_data(attachment), "kept": submitted})
        if submitted:
            _retire(attachment)
            return
        names = _stored_names(attachment)
        attachment.delete()
        transaction.on_commit(lambda: _remove(names))


def _check_open_kind(application: Application, kind: str) -> None:
    """During a correction only the kinds of material the notice lists reopen (R-41)."""
    allowed = open_targets(application)
    if allowed is None or f"attachments.{kind}" in allowed:
        return
    if kind == AttachmentKind.ACHIEVEMENT and "achievements" in allowed:
        return
    raise MaterialError(
        f"补正期间只能修改补正告知列出的内容，“{AttachmentKind(kind).label}”不在其中", code="closed", rule="R-41"
    )


def _check_may_change(application: Application, by: User) -> None:
    if by.pk != application.applicant_id:
        raise MaterialError("只有申报人本人可以上传、替换或删除申报材料", code="forbidden")
    if not application.is_editable:
        label = Status(application.status).label
        raise MaterialError(
            f"申报当前状态为“{label}”，提交后不能再上传、替换或删除材料", code="not_editable", rule="R-22"
        )


def _check_kind(application: Application, kind: str, achievement: Achievement | None) -> None:
    if kind not in AttachmentKind.values:
        raise MaterialError("材料类别不正确", code="bad_kind", field="kind")
    if kind == AttachmentKind.ACHIEVEMENT and achievement is None:
        raise MaterialError("业绩成果证明须对应一项业绩成果", code="bad_achievement", field="achievement")
    if kind != AttachmentKind.ACHIEVEMENT and achievement is not None:
        raise MaterialError("只有业绩成果证明可以对应业绩成果", code="bad_achievement", field="achievement")
    if achievement is not None and achievement.application_id != application.pk:
        raise MaterialError("该业绩成果不属于本申报", code="bad_achievement", field="achievement")


def _check_current(attachment: Attachment) -> None:
    if not attachment.is_current:
        raise MaterialError("该文件已被替换或删除，请刷新页面", code="not_current")


def _lock_editable(application: Application, by: User) -> Application:
    """Lock the application row and check again, so a submission cannot slip in between."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    _check_may_change(locked, by)
    return locked


def _retire(attachment: Attachment) -> None:
    now = timezone.now()
    if Attachment.objects.filter(pk=attachment.pk, replaced_at__isnull=True).update(replaced_at=now) != 1:
        raise MaterialError("该文件已被替换或删除，请刷新页面", code="not_current")
    attachment.replaced_at = now


def _new_attachment(
    application: Application,
    *,
    kind: str,
    achievement: Achievement | None,
    name: str | None,
    checked: CheckedFile,
    by: User,
) -> Attachment:
    return Attachment(
        application=application,
        kind=kind,
        achievement=achievement,
        original_name=_display_name(name, checked.content_type),
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )


def _write(attachment: Attachment, checked: CheckedFile) -> None:
    # upload_to picks a random name; the name given here is never used on disk.
    attachment.file.save("upload", checked.content, save=False)
    if checked.thumbnail is not None:
        attachment.thumbnail.save("thumbnail.jpg", ContentFile(checked.thumbnail), save=False)
    attachment.save()


@contextlib.contextmanager
def _files_removed_on_error(attachment: Attachment) -> Iterator[None]:
    """Nothing is kept of a refused change: files already written are removed again."""
    try:
        yield
    except BaseException:
        _remove(_stored_names(attachment))
        raise


def _stored_names(attachment: Attachment) -> list[str]:
    return [name for name in (attachment.file.name, attachment.thumbnail.name) if name]


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _audit_data(attachment: Attachment) -> dict[str, Any]:
    return {
        "kind": attachment.kind,
        "achievement": attachment.achievement_id,
        "name": attachment.original_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def _display_name(name: str | None, content_type: str) -> str:
    """The user's file name without folders or control characters, with an extension that fits its content."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    expected = EXTENSIONS[content_type].lstrip(".")
    if extension.lower() not in NAME_EXTENSIONS.get(content_type, {expected}):
        extension = expected
    return f"{(stem.strip() or '未命名')[:150]}.{extension}"
