"""Images are measured from their header before any pixel is decoded, and decoded within a fixed budget."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from zhicheng.materials import images, services
from zhicheng.materials.models import AttachmentKind
from zhicheng.materials.tests import files, malicious
from zhicheng.materials.validation import MaterialError, check_upload

pytestmark = pytest.mark.django_db


def test_a_png_claiming_49_megapixels_is_refused_from_its_header():
    """The pixel data is nonsense: decoding it would fail as "broken"; "too large" proves nothing was decoded."""
    with pytest.raises(MaterialError) as refused:
        check_upload(files.upload("a.png", malicious.png_header_only(7000, 7000)))

    assert refused.value.code == "png_too_large"


def test_the_same_header_with_a_size_in_budget_goes_on_to_be_decoded():
    """Refused as broken, or kept as a blank image where WeasyPrint has made Pillow load truncated images."""
    assert _refusal(malicious.png_header_only(2000, 2000)) in {None, "bad_image"}


def _refusal(data: bytes) -> str | None:
    try:
        check_upload(files.upload("a.png", data))
    except MaterialError as refused:
        return refused.code
    return None


def test_a_jpeg_claiming_60000_pixels_a_side_is_refused_from_its_header():
    with pytest.raises(MaterialError) as refused:
        check_upload(files.upload("a.jpg", malicious.jpeg_header_claims(60000, 60000)))

    assert refused.value.code == "image_too_large"


def test_pillow_refuses_on_its_own_what_passes_the_header_limit():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_HEADER_PIXELS


def test_a_12_megapixel_photo_is_decoded_at_half_scale_within_the_budget(application, zhang_san):
    photo = files.jpeg_bytes((4000, 3000))

    attachment = services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("照片.jpg", photo), by=zhang_san
    )

    with default_storage.open(attachment.file.name, "rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.size == (2000, 1500)
    assert stored.width * stored.height <= images.MAX_DECODED_PIXELS


def test_an_a4_scan_at_300_dpi_is_kept_at_full_size(application, zhang_san):
    scan = files.png_bytes((2480, 3508), mode="RGB")

    attachment = services.upload_attachment(
        application, kind=AttachmentKind.OTHER, file=files.upload("扫描件.png", scan), by=zhang_san
    )

    with default_storage.open(attachment.file.name, "rb") as handle:
        assert Image.open(io.BytesIO(handle.read())).size == (2480, 3508)
