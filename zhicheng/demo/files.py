"""Tiny but valid files for the demo's uploads: a PNG "photo" and a one-page PDF "scan"."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw


def png_bytes(rng: random.Random) -> bytes:
    """A 160×100 picture of a document: paper, a title bar and a few text lines."""
    image = Image.new("RGB", (160, 100), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 152, 20), fill=(180, 30, 30))
    for row in range(4):
        y = 30 + row * 15
        draw.line((12, y, 12 + rng.randrange(80, 140), y), fill=(60, 60, 60), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_bytes(title: str) -> bytes:
    """A one-page PDF with one line of ASCII text, written by hand with a correct cross-reference table."""
    text = title.encode("ascii", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 18 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def upload(name: str, content: bytes) -> ContentFile[bytes]:
    """The bytes as the File that materials.services.upload_attachment takes."""
    return ContentFile(content, name=name)
