"""Real files made on the fly: photos with EXIF, PNGs with metadata, PDFs, and things that only look like them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from PIL.PngImagePlugin import PngInfo

EXIF_ORIENTATION = 0x0112
EXIF_MAKE = 0x010F
EXIF_GPS_IFD = 0x8825


def jpeg_bytes(size: tuple[int, int] = (400, 300), *, orientation: int | None = None, camera: str = "") -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1] // 4))  # a mark, to see the rotation
    exif = Image.Exif()
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    if camera:
        exif[EXIF_MAKE] = camera
        exif.get_ifd(EXIF_GPS_IFD)[2] = (39.0, 54.0, 27.0)  # GPSLatitude: 北京
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=85)
    return out.getvalue()


def png_bytes(size: tuple[int, int] = (320, 200), *, text: str = "", mode: str = "RGBA") -> bytes:
    image = Image.new(mode, size, (10, 120, 10, 200) if mode == "RGBA" else (10, 120, 10))
    info = PngInfo()
    if text:
        info.add_text("Comment", text)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A real one-page PDF, as a scanner would write it."""
    out = io.BytesIO()
    Image.new("RGB", (200, 280), "white").save(out, "PDF")
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    """A PDF whose trailer names an encryption dictionary (password protected)."""
    return pdf_bytes().replace(b"trailer\n<<", b"trailer\n<<\n/Encrypt 9 0 R", 1)


def bomb_png_bytes() -> bytes:
    """A few kilobytes that decode to 64 million pixels."""
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")
    return out.getvalue()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
