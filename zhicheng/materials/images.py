"""Uploaded images decoded within a fixed budget and written afresh, without metadata.

The header is read first (Pillow's open is lazy): dimensions, frames and chunk sizes are checked before a single
pixel is decoded, so a small file that would inflate to gigabytes is refused at once. What may be decoded is capped
at MAX_DECODED_PIXELS (about 36 MB as Pillow holds pixels, 4 bytes each); larger JPEG photos are decoded at 1/2,
1/4 or 1/8 scale by the JPEG decoder itself, which never builds the full-size image. `make bench` measures CPU and
memory per upload (bench/uploads.py).
"""

import io
import struct
import zlib
from typing import IO

from PIL import Image, ImageOps, PngImagePlugin, UnidentifiedImageError

JPEG = "image/jpeg"
PNG = "image/png"
PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}

MAX_HEADER_PIXELS = 50_000_000  # the largest photo a phone writes (50 MP); beyond it nothing is decoded
MAX_DECODED_PIXELS = 9_000_000  # an A4 page at 300 dpi (8.7 MP) fits; JPEGs above it are decoded at reduced scale
MAX_SIDE = 20_000  # 1 × 9,000,000 pixels is no document either
MAX_JPEG_SCANS = 64  # a progressive JPEG has about 10; thousands of scans make its decoder loop
MAX_PNG_METADATA = 256 * 1024  # one iCCP, tEXt, zTXt, iTXt or other ancillary chunk, compressed or not
THUMBNAIL_SIZE = (240, 240)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DATA_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"})

# Pillow refuses to open what passes this (and warns at half of it); the checks below act earlier and tighter.
Image.MAX_IMAGE_PIXELS = MAX_HEADER_PIXELS
PngImagePlugin.MAX_TEXT_CHUNK = MAX_PNG_METADATA
PngImagePlugin.MAX_TEXT_MEMORY = 4 * MAX_PNG_METADATA


REASONS = {
    "image_too_large": "图片像素过大，请缩小后上传（JPG 不超过 5000 万像素，单边不超过 20000 像素）",
    "png_too_large": "PNG 图片像素过大（不超过 900 万像素），请缩小或另存为 JPG 后上传",
    "bad_image": "图片文件已损坏或无法识别，请重新拍摄或导出后上传",
    "animated_image": "不支持动态图片，请上传静态的 JPG 或 PNG 图片",
    "image_metadata": "图片附带的数据过大，请重新导出后上传",
}


class ImageRefused(Exception):
    """The image is refused; `code` is the API code, `reason` the Chinese message for the user."""

    def __init__(self, code: str) -> None:
        super().__init__(REASONS[code])
        self.code = code
        self.reason = REASONS[code]


def check_header(data: bytes, content_type: str) -> None:
    """Refuse what the container says before anything is decoded: frames, scans, oversized chunks."""
    if content_type == PNG:
        _check_png_chunks(data)
    elif data.count(b"\xff\xda") > MAX_JPEG_SCANS:  # start-of-scan markers; FF in coded data is escaped
        raise ImageRefused("bad_image")


def reencode(upload: IO[bytes], content_type: str) -> tuple[bytes, bytes]:
    """The image decoded within the budget, upright, written afresh; and its JPEG thumbnail."""
    out = io.BytesIO()
    try:
        with Image.open(upload, formats=[PIL_FORMATS[content_type]]) as image:
            _check_size(image)
            _reduce_on_decode(image)
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # in place: no second full-size copy
            if content_type == JPEG:
                _flatten(image).save(out, "JPEG", quality=90)  # no optimize: its second pass buffers every coefficient
            else:
                _png_mode(image).save(out, "PNG", compress_level=6)
            thumbnail = _thumbnail(image)
    except ImageRefused:
        raise
    except Image.DecompressionBombError as exc:  # Pillow's own check of the header, at twice MAX_HEADER_PIXELS
        raise ImageRefused("image_too_large") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRefused("bad_image") from exc
    return out.getvalue(), thumbnail


def _check_size(image: Image.Image) -> None:
    """From the header alone: Image.open has read no pixel data yet."""
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRefused("bad_image")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_HEADER_PIXELS:
        raise ImageRefused("image_too_large")
    if image.format == "PNG" and getattr(image, "n_frames", 1) > 1:
        raise ImageRefused("animated_image")
    if image.format == "PNG" and width * height > MAX_DECODED_PIXELS:
        raise ImageRefused("png_too_large")  # PNG has no reduced-scale decoding


def _reduce_on_decode(image: Image.Image) -> None:
    """Have the JPEG decoder scale a large photo down by 2, 4 or 8 so that it fits MAX_DECODED_PIXELS."""
    width, height = image.size
    scale = 1
    while width * height > MAX_DECODED_PIXELS * scale * scale and scale < 8:
        scale *= 2
    if width * height > MAX_DECODED_PIXELS * scale * scale:
        raise ImageRefused("image_too_large")
    if scale > 1:
        image.draft(image.mode, (-(-width // scale), -(-height // scale)))


def _check_png_chunks(data: bytes) -> None:
    """Walk the chunks: no animation (acTL), no ancillary chunk over MAX_PNG_METADATA, compressed or inflated.

    Pillow would inflate iCCP and zTXt itself, but whether it then refuses or silently drops an oversized one
    depends on ImageFile.LOAD_TRUNCATED_IMAGES, which WeasyPrint sets for the whole process when imported.
    """
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"acTL":
            raise ImageRefused("animated_image")
        if kind not in PNG_DATA_CHUNKS and length > MAX_PNG_METADATA:
            raise ImageRefused("image_metadata")
        compressed = _compressed_part(kind, data[position + 8 : position + 8 + length])
        if compressed and _inflates_beyond(compressed, MAX_PNG_METADATA):
            raise ImageRefused("image_metadata")
        if kind == b"IEND":
            return
        position += 12 + length


def _compressed_part(kind: bytes, chunk: bytes) -> bytes:
    """The zlib stream of an iCCP, zTXt or compressed iTXt chunk (after its keyword and flags), else b""."""
    name_end = chunk.find(b"\0")
    if name_end < 0:
        return b""
    if kind in {b"iCCP", b"zTXt"}:
        return chunk[name_end + 2 :]
    if kind == b"iTXt" and chunk[name_end + 1 : name_end + 2] == b"\1":
        language_end = chunk.find(b"\0", name_end + 3)
        translated_end = chunk.find(b"\0", language_end + 1) if language_end >= 0 else -1
        return chunk[translated_end + 1 :] if translated_end >= 0 else b""
    return b""


def _inflates_beyond(compressed: bytes, limit: int) -> bool:
    """Inflate at most `limit` bytes: memory and time stay bounded whatever the stream claims."""
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(compressed, limit)
    except zlib.error as exc:
        raise ImageRefused("bad_image") from exc
    return bool(inflater.unconsumed_tail)


def _png_mode(image: Image.Image) -> Image.Image:
    if image.mode in {"1", "L", "LA", "RGB", "RGBA"}:
        return image
    return image.convert("RGBA" if _has_alpha(image) else "RGB")


def _has_alpha(image: Image.Image) -> bool:
    return "A" in image.getbands() or "transparency" in image.info


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background, as a JPEG cannot hold transparency."""
    if image.mode in {"RGB", "L"}:
        return image
    if not _has_alpha(image):
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _thumbnail(image: Image.Image) -> bytes:
    """At most 240 px a side, made from the decoded image without copying it at full size."""
    ratio = min(THUMBNAIL_SIZE[0] / image.width, THUMBNAIL_SIZE[1] / image.height, 1.0)
    size = (max(1, round(image.width * ratio)), max(1, round(image.height * ratio)))
    if ratio < 1:
        # Pillow premultiplies alpha into a full-size copy before any filtered resize; a nearest-neighbour step
        # down to four times the thumbnail first keeps that copy small.
        coarse = (min(image.width, size[0] * 4), min(image.height, size[1] * 4))
        image = image.resize(coarse, Image.Resampling.NEAREST).resize(size, Image.Resampling.LANCZOS)
    small = _flatten(image)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()
