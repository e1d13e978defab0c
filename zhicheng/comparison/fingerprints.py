"""The keys of one achievement or file (R-104): exact identifiers, the normalised title, title bands, file
digests and image-hash chunks. Keys are 63-bit integers so that the index stays small at millions of rows."""

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import imagehash
from PIL import Image, UnidentifiedImageError

from zhicheng.comparison import identifiers, sketches
from zhicheng.comparison.models import Key

# A key held by more people than this is a template or boilerplate, not a copy; the checks pass it over.
MAX_GROUP = 200
MIN_TITLE_CHARS = 6  # shorter titles ("优秀奖") are shared by chance, not by copying

# The Achievement columns the keys are made of, in this order.
ACHIEVEMENT_FIELDS = ("title", "journal_number", "doi", "patent_number", "project_number", "award_number")


@dataclass(frozen=True)
class Claim:
    """One key held by one achievement (or attachment) of one application."""

    kind: str
    value: int
    detail: str = ""


def identifier_claims(kind: str, fields: dict[str, Any]) -> Iterator[Claim]:
    """The exact keys of an achievement of this kind."""
    title = identifiers.normalise(fields["title"])
    if doi := identifiers.doi(fields["doi"]):
        yield Claim(Key.DOI, sketches.key(Key.DOI, doi))
    if kind == "paper" and (issn := identifiers.issn(fields["journal_number"])) and title:
        yield Claim(Key.ISSN_TITLE, sketches.key(Key.ISSN_TITLE, f"{issn}|{title}"))
    if kind == "patent" and (patent := identifiers.patent(fields["patent_number"])):
        yield Claim(Key.PATENT, sketches.key(Key.PATENT, patent))
    if kind == "project" and (project := identifiers.code(fields["project_number"])):
        yield Claim(Key.PROJECT, sketches.key(Key.PROJECT, project))
    if kind == "award" and (award := identifiers.code(fields["award_number"])):
        yield Claim(Key.AWARD, sketches.key(Key.AWARD, award))
    if len(title) >= MIN_TITLE_CHARS:
        yield Claim(Key.TITLE, sketches.key(Key.TITLE, title))


def comparable_title(title: str) -> str:
    """The normalised title if it is long enough to compare, else ""."""
    normalised = identifiers.normalise(title)
    return normalised if len(normalised) >= MIN_TITLE_CHARS else ""


def achievement_claims(rows: list[tuple[str, dict[str, Any]]]) -> list[list[Claim]]:
    """For (kind, fields) of many achievements, each one's claims, title bands included."""
    titles = [comparable_title(fields["title"]) for _, fields in rows]
    bands = sketches.title_bands(titles)
    result = []
    for (kind, fields), title, row_bands in zip(rows, titles, bands, strict=True):
        claims = list(identifier_claims(kind, fields))
        if title:
            claims += [Claim(Key.TITLE_BAND, int(band)) for band in row_bands]
        result.append(claims)
    return result


def perceptual_hash(content: bytes) -> int | None:
    """imagehash.phash of an image as a 64-bit integer; None for anything that is not an image."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            return int(str(imagehash.phash(image)), 16)
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def file_claims(sha256: str, phash: int | None) -> list[Claim]:
    claims = [Claim(Key.FILE, sketches.key(Key.FILE, sha256))]
    if phash is not None:
        detail = f"{phash:016x}"
        claims += [Claim(Key.IMAGE_BAND, band, detail) for band in sketches.image_bands(phash)]
    return claims


def values(claims: Iterable[Claim]) -> list[int]:
    return sorted({c.value for c in claims})
