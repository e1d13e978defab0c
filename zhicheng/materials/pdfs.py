"""Uploaded PDFs rewritten by pikepdf (qpdf) with everything active taken out.

Form fields and annotations are first drawn into their pages as they look, so filled-in forms keep their values.
What goes: JavaScript (names tree, /JS, /JavaScript actions), /OpenAction, every /AA (document, page, annotation,
field), actions other than in-document jumps, named page moves and web or mail links (Launch, GoToR, GoToE,
SubmitForm, ImportData, ResetForm, Rendition, RichMediaExecute, …), embedded files (/EmbeddedFiles, /EF, file
attachment annotations), XFA and the whole AcroForm with its widgets, RichMedia, 3D, Screen, Movie and Sound
annotations, portfolios (/Collection). The file is written afresh with one cross-reference table, so incremental
updates, data after %%EOF and unreferenced objects are gone too. A file qpdf cannot read, an encrypted one, or one
without pages is refused.
"""

import io
from typing import BinaryIO

import pikepdf

# Keys removed wherever they appear, in any dictionary or stream dictionary of the file.
REMOVED_KEYS = frozenset(
    {
        "/JS",
        "/JavaScript",
        "/OpenAction",
        "/AA",
        "/AcroForm",
        "/XFA",
        "/XFAResources",
        "/EmbeddedFiles",
        "/EmbeddedFile",
        "/EF",
        "/RichMediaContent",
        "/RichMediaSettings",
        "/3DD",
        "/Collection",
        "/AlternatePresentations",
        "/Renditions",
        "/Perms",
    }
)
# Annotations that carry files, media, scripts or form fields: removed from every page.
REMOVED_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/3D", "/Screen", "/Movie", "/Sound", "/Widget"})
# The only actions kept: a jump inside the document, a named page move, a web or mail link.
KEPT_ACTIONS = frozenset({"/GoTo", "/Named", "/URI"})
LINK_SCHEMES = ("http://", "https://", "mailto:")
# Keys whose value is an action (a dictionary or, for /Next, an array of them).
ACTION_KEYS = ("/A", "/Next")
MAX_DEPTH = 64  # nested direct objects; real files stay far below, deeper ones are built to exhaust a parser


class UnreadablePdf(Exception):
    """qpdf could not read the file, or the file cannot be made safe."""


class EncryptedPdf(Exception):
    """The file is encrypted (with or without a password to open it)."""


def sanitise(source: BinaryIO) -> bytes:
    """The PDF rewritten without active content, or raise EncryptedPdf / UnreadablePdf."""
    try:
        with pikepdf.open(source) as pdf:
            if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
                raise EncryptedPdf
            if len(pdf.pages) == 0:
                raise UnreadablePdf("no pages")
            _strip(pdf)
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, fix_metadata_version=False)
    except pikepdf.PasswordError as exc:
        raise EncryptedPdf from exc
    except (pikepdf.PdfError, pikepdf.ForeignObjectError, ValueError, TypeError, KeyError, RuntimeError) as exc:
        raise UnreadablePdf(str(exc)) from exc
    return out.getvalue()


def _strip(pdf: pikepdf.Pdf) -> None:
    """1. Draw form fields and other annotations into the page as they look (their appearance streams), so a
    filled-in form keeps what was filled in. 2. Drop risky annotations that are left. 3. Clean every object of
    the file, reachable or not."""
    pdf.flatten_annotations("all")
    for page in pdf.pages:
        _drop_annotations(page.obj)
    for obj in list(pdf.objects):
        _clean(obj, 0)
    _clean(pdf.trailer, 0)


def _drop_annotations(page: pikepdf.Dictionary) -> None:
    annotations = page.get("/Annots")
    if not isinstance(annotations, pikepdf.Array):
        if annotations is not None:
            del page["/Annots"]
        return
    kept = [a for a in annotations if not (isinstance(a, pikepdf.Dictionary) and _annotation_removed(a))]
    if len(kept) != len(annotations):
        page["/Annots"] = pikepdf.Array(kept)


def _annotation_removed(annotation: pikepdf.Dictionary) -> bool:
    return str(annotation.get("/Subtype", "")) in REMOVED_ANNOTATIONS


def _clean(obj: pikepdf.Object, depth: int) -> None:
    """Remove risky keys and actions from a dictionary, stream dictionary or array, and from its direct children.

    Indirect children are objects of their own in pdf.objects and are cleaned there.
    """
    if depth > MAX_DEPTH:
        raise UnreadablePdf("nested too deeply")
    if isinstance(obj, pikepdf.Array):
        for item in obj:
            if _is_container(item) and not item.is_indirect:
                _clean(item, depth + 1)
        return
    if not isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        return
    for key in list(obj.keys()):
        if key in REMOVED_KEYS:
            del obj[key]
    if obj.get("/Type") == pikepdf.Name.Action and not _action_kept(obj):
        for key in list(obj.keys()):
            del obj[key]
        return
    for key in ACTION_KEYS:
        if key in obj:
            _clean_action_value(obj, key)
    for key in list(obj.keys()):
        value = obj[key]
        if _is_container(value) and not value.is_indirect:
            _clean(value, depth + 1)


def _clean_action_value(obj: pikepdf.Dictionary | pikepdf.Stream, key: str) -> None:
    value = obj[key]
    if isinstance(value, pikepdf.Dictionary):
        if not _action_kept(value):
            del obj[key]
    elif isinstance(value, pikepdf.Array):
        obj[key] = pikepdf.Array([a for a in value if isinstance(a, pikepdf.Dictionary) and _action_kept(a)])
    else:
        del obj[key]


def _action_kept(action: pikepdf.Object) -> bool:
    kind = str(action.get("/S", ""))
    if kind not in KEPT_ACTIONS:
        return False
    if kind == "/URI":
        target = action.get("/URI")
        return isinstance(target, pikepdf.String) and str(target).strip().lower().startswith(LINK_SCHEMES)
    return True


def _is_container(value: object) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
