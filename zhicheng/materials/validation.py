"""Checks of an uploaded file by its content: type, size, decodability. Images are re-encoded."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

from zhicheng.core.errors import DomainError

JPEG = "image/jpeg"
PNG = "image/png"
PDF = "application/pdf"
EXTENSIONS = {JPEG: ".jpg", PNG: ".png", PDF: ".pdf"}
SIGNATURES = ((b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG), (b"%PDF-", PDF))
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}

MAX_IMAGE_PIXELS = 50_000_000  # an A4 scan at 600 dpi is 35 MP; far more is a decompression bomb
THUMBNAIL_SIZE = (240, 240)
PDF_TAIL = 2048  # "%%EOF" sits in the last 1024 bytes; some writers append a little padding
CHUNK = 64 * 1024

TYPE_MESSAGE = "仅支持 JPG、PNG、PDF 格式的文件"


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
    content_type = sniff(upload.read(8))
    upload.seek(0)
    if content_type is None:
        raise MaterialError(TYPE_MESSAGE, code="unsupported_type", field="file")
    if content_type == PDF:
        return _check_pdf(upload)
    return _reencode_image(upload, content_type)


def _check_pdf(upload: File[bytes]) -> CheckedFile:
    digest = hashlib.sha256()
    encrypted = False
    previous = b""
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
        # Overlap with the previous chunk so a keyword split across chunks is still seen.
        encrypted = encrypted or b"/Encrypt" in previous[-16:] + chunk
        previous = chunk
    size = upload.tell()
    upload.seek(max(size - PDF_TAIL, 0))
    tail = upload.read()
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise MaterialError("PDF 文件不完整或已损坏，请重新导出后上传", code="bad_pdf", field="file")
    if encrypted:
        raise MaterialError("PDF 文件已加密或设置了密码，请上传未加密的文件", code="encrypted_pdf", field="file")
    return CheckedFile(content=upload, content_type=PDF, size=size, sha256=digest.hexdigest(), thumbnail=None)


def _reencode_image(upload: File[bytes], content_type: str) -> CheckedFile:
    """Decode fully, apply the EXIF orientation and write a fresh file without metadata."""
    out = io.BytesIO()
    try:
        with Image.open(upload, formats=[PIL_FORMATS[content_type]]) as original:
            if original.width * original.height > MAX_IMAGE_PIXELS:
                raise MaterialError("图片像素过大，请缩小后上传", code="image_too_large", field="file")
            original.load()
            image = ImageOps.exif_transpose(original)
        if content_type == JPEG:
            _flatten(image).save(out, "JPEG", quality=90, optimize=True)
        else:
            if image.mode not in {"1", "L", "LA", "RGB", "RGBA"}:
                image = image.convert("RGBA" if _has_alpha(image) else "RGB")
            image.save(out, "PNG")
        thumbnail = _thumbnail(image)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise MaterialError("图片文件已损坏或无法识别，请重新拍摄或导出后上传", code="bad_image", field="file") from exc
    finally:
        upload.seek(0)
    data = out.getvalue()
    return CheckedFile(
        content=ContentFile(data),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        thumbnail=thumbnail,
    )


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background, as a JPEG cannot hold transparency."""
    if not _has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _thumbnail(image: Image.Image) -> bytes:
    small = _flatten(image)
    small.thumbnail(THUMBNAIL_SIZE)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
