"""Hostile files through the real upload API and page: each is refused or stored without what made it dangerous.

The checks of the stored PDF are written from the PDF specification, not from the sanitiser's lists: every object
of the stored file is walked for scripts, automatic actions, embedded files, forms and media.
"""

import io

import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.materials.tests import files, malicious

pytestmark = pytest.mark.django_db

ALL = malicious.NEUTRALISED_PDFS + malicious.NEUTRALISED_OTHER + malicious.REFUSED
ACTIVE_KEYS = {"/JS", "/JavaScript", "/OpenAction", "/AA", "/AcroForm", "/XFA", "/EmbeddedFiles", "/EF"}
ACTIVE_KEYS |= {"/RichMediaContent", "/3DD", "/Collection"}
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/3D", "/Screen", "/Movie", "/Sound", "/Widget"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/GoToR", "/GoToE", "/SubmitForm", "/ImportData", "/ResetForm"}
ACTIVE_ACTIONS |= {"/Rendition", "/RichMediaExecute", "/Movie", "/Sound", "/Hide", "/GoTo3DView"}


def _ids(hostile):
    return hostile.name


def active_content(data: bytes) -> list[str]:
    """What a reader could run or open in this PDF, found by walking every object."""
    found: list[str] = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for obj in [*pdf.objects, pdf.trailer]:
            _walk(obj, found, 0)
        for stream in (o for o in pdf.objects if isinstance(o, pikepdf.Stream)):
            if malicious.JS_MARK in _stream_bytes(stream):
                found.append("script text in a stream")
    return found


def _stream_bytes(stream):
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:  # an image filter pikepdf does not decode (DCT): its raw bytes then
        return stream.read_raw_bytes()


def _walk(obj, found, depth):
    if depth > 50:
        return
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if not getattr(item, "is_indirect", False):
                _walk(item, found, depth + 1)
        return
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    found.extend(key for key in list(obj.keys()) if key in ACTIVE_KEYS)
    if str(obj.get("/Subtype", "")) in ACTIVE_ANNOTATIONS and obj.get("/Type") != pikepdf.Name.EmbeddedFile:
        found.append(f"annotation {obj.get('/Subtype')}")
    if str(obj.get("/S", "")) in ACTIVE_ACTIONS:
        found.append(f"action {obj.get('/S')}")
    uri = obj.get("/URI")
    if isinstance(uri, pikepdf.String) and not str(uri).startswith(("http://", "https://", "mailto:")):
        found.append(f"link {uri}")
    for key in list(obj.keys()):
        value = obj.get(key)
        if isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream) and not value.is_indirect:
            _walk(value, found, depth + 1)


def _api_upload(client, application, hostile):
    url = f"/api/v1/materials/applications/{application.pk}/attachments"
    return client.post(url, {"kind": AttachmentKind.OTHER, "file": files.upload(hostile.filename, hostile.build())})


def _stored(attachment):
    with default_storage.open(attachment.file.name, "rb") as handle:
        return handle.read()


def test_the_corpus_has_at_least_25_distinct_classes():
    assert len({h.name for h in ALL}) == len(ALL) >= 25


@pytest.mark.parametrize("hostile", malicious.NEUTRALISED_PDFS, ids=_ids)
def test_the_corpus_pdfs_are_dangerous_as_built(hostile):
    """Without this, a checker that finds nothing would pass every test below."""
    data = hostile.build()

    assert active_content(data) or malicious.JS_MARK in data


@pytest.mark.parametrize("hostile", malicious.NEUTRALISED_PDFS, ids=_ids)
def test_hostile_pdf_is_stored_rewritten_without_its_active_content(zhang_client, application, hostile):
    response = _api_upload(zhang_client, application, hostile)

    assert response.status_code == 201, response.content
    stored = _stored(Attachment.objects.get())
    assert active_content(stored) == []
    assert malicious.JS_MARK not in stored
    assert stored.count(b"startxref") == 1  # one revision: incremental updates and trailing data are gone
    assert stored.rstrip().endswith(b"%%EOF")
    assert len(pikepdf.open(io.BytesIO(stored)).pages) == 1


def test_a_link_to_a_web_page_and_a_jump_inside_the_document_are_kept(zhang_client, application):
    def links(pdf):
        malicious._link(pdf, malicious._action("URI", URI=pikepdf.String("https://rsj.beijing.gov.cn/")))
        malicious._link(pdf, malicious._action("GoTo", D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])))

    hostile = malicious.Hostile("links", lambda: malicious._pdf(links))

    assert _api_upload(zhang_client, application, hostile).status_code == 201
    with pikepdf.open(io.BytesIO(_stored(Attachment.objects.get()))) as pdf:
        kinds = sorted(str(a.A.S) for a in pdf.pages[0].Annots)
    assert kinds == ["/GoTo", "/URI"]


def test_a_filled_in_form_keeps_what_was_filled_in_as_part_of_the_page(zhang_client, application):
    def filled_form(pdf):
        look = pdf.make_stream(b"BT /Helv 12 Tf 2 5 Td (ZHANG SAN 2024) Tj ET")
        look.Type, look.Subtype, look.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, pikepdf.Array([0, 0, 90, 20])
        field = pikepdf.Dictionary(Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx, T=pikepdf.String("name"))
        field.V, field.AP, field.F = pikepdf.String("ZHANG SAN 2024"), pikepdf.Dictionary(N=look), 4
        malicious._add_annotation(pdf, field)
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([pdf.pages[0].obj.Annots[0]]))

    hostile = malicious.Hostile("filled form", lambda: malicious._pdf(filled_form))

    assert _api_upload(zhang_client, application, hostile).status_code == 201
    stored = _stored(Attachment.objects.get())
    assert active_content(stored) == []
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        drawn = b"".join(_stream_bytes(o) for o in pdf.objects if isinstance(o, pikepdf.Stream))
        assert "/Annots" not in pdf.pages[0] or len(pdf.pages[0].Annots) == 0
    assert b"ZHANG SAN 2024" in drawn


@pytest.mark.parametrize("hostile", malicious.REFUSED, ids=_ids)
def test_hostile_file_is_refused_with_a_chinese_message_and_nothing_is_kept(zhang_client, application, hostile):
    response = _api_upload(zhang_client, application, hostile)

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["code"] == hostile.code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert not Attachment.objects.exists()
    assert not default_storage.exists("attachments")


@pytest.mark.parametrize("hostile", malicious.NEUTRALISED_OTHER, ids=_ids)
def test_other_hostile_files_are_stored_without_the_payload(zhang_client, application, hostile):
    response = _api_upload(zhang_client, application, hostile)

    assert response.status_code == 201
    assert malicious.JS_MARK not in _stored(Attachment.objects.get())


@pytest.mark.parametrize("hostile", ALL, ids=_ids)
def test_no_hostile_file_makes_the_upload_page_fail(zhang_client, application, hostile, htmx):
    url = reverse("materials:upload", args=[application.pk, AttachmentKind.OTHER])

    response = zhang_client.post(url, {"file": files.upload(hostile.filename, hostile.build())}, **htmx)

    assert response.status_code == 200
    assert Attachment.objects.count() == (0 if hostile.code else 1)
