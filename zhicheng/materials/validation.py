"""Checks of an uploaded file by its content: type, size, polyglots. Images are re-encoded, PDFs rewritten."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile

from zhicheng.core.errors import DomainError
from zhicheng.materials import images, pdfs

JPEG = images.JPEG
PNG = images.PNG
PDF = "application/pdf"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}
SIGNATURES = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))

PDF_TAIL = 2048  # "%%EOF" sits in the last 1024 bytes; some writers append a little padding
HEAD = 1024  # browsers and readers look for a type in the first kilobyte; a second one there is a polyglot
ZIP_TAIL = 65_535 + 22  # a ZIP reader looks for its end record within the last 64 KB (comment) + 22 bytes
# Other formats announced in the first kilobyte (lower-cased): HTML and script, archives, programs.
FOREIGN_HEAD = (
    b"<html",
    b"<!doctype",
    b"<script",
    b"<body",
    b"<iframe",
    b"<svg",
    b"<?php",
    b"<%",
    b"pk\x03\x04",
    b"\x7felf",
    b"this program cannot be run in dos mode",
    b"%pdf-",
)
ZIP_RECORDS = (b"PK\x05\x06", b"PK\x06\x06", b"PK\x01\x02")  # end of central directory (32/64 bit), its entries

TYPE_MESSAGE = "仅支持 JPG、PNG、PDF 格式的文件"
POLYGLOT_MESSAGE = "文件中混有其他格式的内容（如网页、脚本、压缩包或程序），请重新导出为纯 JPG、PNG 或 PDF 后上传"
BAD_PDF_MESSAGE = "PDF 文件不完整或已损坏，请重新导出后上传"
ENCRYPTED_MESSAGE = "PDF 文件已加密或设置了密码，请上传未加密的文件"


class MaterialError(DomainError):
    """A refused upload or change of materials; the message is shown to the user as is."""

    def __init__(self, message: str, *, code: str = "invalid", rule: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.rule = rule
        self.field = field


@dataclass(frozen=True)
class CheckedFile:
    """What gets stored: the bytes (re-encoded for images), their type, digest and thumbnail."""

    content: File[bytes]
    content_type: str
    size: int
    sha256: str
    thumbnail: bytes | None


def limit_mb() -> str:
    """settings.UPLOAD_MAX_BYTES in MB as people write it: 10, 0.5."""
    return f"{round(settings.UPLOAD_MAX_BYTES / (1024 * 1024), 1):g}"


def size_message() -> str:
    return f"文件大小不能超过 {limit_mb()} MB"


def sniff(head: bytes) -> str | None:
    """The content type from the first bytes, or None for anything but JPEG, PNG and PDF."""
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def check_upload(upload: File[bytes]) -> CheckedFile:
    """Decide the type by content and return what to store, or raise MaterialError."""
    if not upload.size:
        raise MaterialError("文件为空，请重新选择", code="empty", field="file")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise MaterialError(size_message(), code="too_large", field="file")
    upload.seek(0)
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise MaterialError(size_message(), code="too_large", field="file")
    content_type = sniff(data[:8])
    if content_type is not None or b"%PDF-" in data[:HEAD]:
        _refuse_polyglot(data, content_type)
    if content_type is None:
        raise MaterialError(TYPE_MESSAGE, code="unsupported_type", field="file")
    if content_type == PDF:
        return _rewrite_pdf(data)
    return _reencode_image(data, content_type)


def _refuse_polyglot(data: bytes, content_type: str | None) -> None:
    """A second format in the first kilobyte, or a ZIP directory at the end, makes the file two files at once."""
    head = data[:HEAD].lower()
    own = 5 if content_type == PDF else 0  # a PDF's own "%PDF-" at offset 0
    if any(marker in head[own:] for marker in FOREIGN_HEAD) or any(r in data[-ZIP_TAIL:] for r in ZIP_RECORDS):
        raise MaterialError(POLYGLOT_MESSAGE, code="polyglot", field="file")


def _rewrite_pdf(data: bytes) -> CheckedFile:
    if b"%%EOF" not in data[-PDF_TAIL:]:  # cut short in transfer or export; qpdf would guess the rest
        raise MaterialError(BAD_PDF_MESSAGE, code="bad_pdf", field="file")
    if b"/Encrypt" in data:
        raise MaterialError(ENCRYPTED_MESSAGE, code="encrypted_pdf", field="file")
    try:
        clean = pdfs.sanitise(io.BytesIO(data))
    except pdfs.EncryptedPdf as exc:
        raise MaterialError(ENCRYPTED_MESSAGE, code="encrypted_pdf", field="file") from exc
    except pdfs.UnreadablePdf as exc:
        raise MaterialError(BAD_PDF_MESSAGE, code="bad_pdf", field="file") from exc
    return _checked(clean, PDF, thumbnail=None)


def _reencode_image(data: bytes, content_type: str) -> CheckedFile:
    """Check the header, decode within the budget, apply the EXIF orientation, write a fresh file."""
    try:
        images.check_header(data, content_type)
        content, thumbnail = images.reencode(io.BytesIO(data), content_type)
    except images.ImageRefused as exc:
        raise MaterialError(exc.reason, code=exc.code, field="file") from exc
    return _checked(content, content_type, thumbnail=thumbnail)


def _checked(data: bytes, content_type: str, *, thumbnail: bytes | None) -> CheckedFile:
    return CheckedFile(
        content=ContentFile(data),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail,
    )
