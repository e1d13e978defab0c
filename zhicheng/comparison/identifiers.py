"""Normalised identifiers of achievements: what two applicants typed differently but mean the same by.

Text goes through NFKC (full-width → half-width), case folding, and loses punctuation and spaces, so that
“ＺＬ ２０２１１０００００００１．Ｘ” and “zl202110000001.x” are one patent number.
"""

import re
import unicodedata

ISSN = re.compile(r"(\d{4})-?(\d{3}[\dX])")
DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:)")


def normalise(text: str) -> str:
    """NFKC, case-folded, letters and digits only (CJK characters are letters)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


def doi(text: str) -> str:
    """A DOI without resolver prefix, lower case, no spaces; "" when it is not one."""
    value = unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")
    value = DOI_PREFIX.sub("", value)
    return value if value.startswith("10.") and "/" in value else ""


def issn(text: str) -> str:
    """The eight ISSN characters found in a 刊号 field ("ISSN 1000-3428" → "10003428"), or ""."""
    found = ISSN.search(unicodedata.normalize("NFKC", text).upper().replace(" ", ""))
    return found.group(1) + found.group(2) if found else ""


def patent(text: str) -> str:
    """A Chinese patent number without the ZL prefix, dot and spaces ("ZL 2021 1 0000001.X" → "202110000001X")."""
    value = normalise(text).upper()
    return value.removeprefix("ZL")


def code(text: str) -> str:
    """A project or award certificate number: letters and digits only, upper case."""
    return normalise(text).upper()
