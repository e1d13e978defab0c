"""Registry checks with offline defaults (R-104): check digits and formats need no network; journal legitimacy
reads a list kept as data (data/journals.json) until an adapter to the press authority's registry is configured.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from zhicheng.comparison import identifiers

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CN_NUMBER = re.compile(r"CN(\d{2})-(\d{4})/[A-Z]{1,3}")
# Application numbers: 8 digits (before 2003) or 12 (year, type 1/2/3/8/9, serial), then a check character.
PATENT_NUMBER = re.compile(r"(\d{8}|\d{4}[12389]\d{7})[\dX]")
JOURNALS_FILE = Path(__file__).parent / "data" / "journals.json"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def issn_is_valid(value: str) -> bool:
    """ISSN check digit: weights 8…2 over the first seven digits, modulo 11, 10 written X."""
    if len(value) != 8 or not value[:7].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return value[7] == ("X" if check == 10 else str(check))


def uscc_is_valid(value: str) -> bool:
    """统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character modulo 31."""
    value = value.strip().upper()
    if len(value) != 18 or any(ch not in USCC_CHARS for ch in value):
        return False
    total = sum(USCC_CHARS.index(ch) * w for ch, w in zip(value[:17], USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31] == value[17]


def patent_is_well_formed(value: str) -> bool:
    return PATENT_NUMBER.fullmatch(identifiers.patent(value)) is not None


@cache
def flagged_journals() -> dict[str, str]:
    """ISSN or CN number → why the journal is not a legitimate one (假刊, 套号, 停刊), from the data file."""
    rows = json.loads(JOURNALS_FILE.read_text(encoding="utf-8"))
    flagged: dict[str, str] = {}
    for row in rows:
        for key in (identifiers.issn(row.get("issn", "")), _cn(row.get("cn", ""))):
            if key:
                flagged[key] = f"“{row['name']}”{row['reason']}"
    return flagged


def _cn(text: str) -> str:
    found = CN_NUMBER.search(unicodedata.normalize("NFKC", text).upper().replace(" ", ""))
    return f"CN{found.group(1)}-{found.group(2)}" if found else ""


def journal_problems(journal_number: str) -> list[Problem]:
    """What is wrong with a paper's 刊号: a bad ISSN check digit, or a journal on the list of illegitimate ones."""
    problems = []
    issn = identifiers.issn(journal_number)
    cn = _cn(journal_number)
    if issn and not issn_is_valid(issn):
        problems.append(Problem("journal_number", f"ISSN {issn[:4]}-{issn[4:]} 校验位不正确"))
    for key in (issn, cn):
        if key and key in flagged_journals():
            problems.append(Problem("journal_number", f"刊号{journal_number}：{flagged_journals()[key]}"))
    if journal_number.strip() and not issn and not cn:
        problems.append(Problem("journal_number", f"刊号“{journal_number}”不是有效的ISSN或CN刊号"))
    return problems


def patent_problems(patent_number: str) -> list[Problem]:
    if patent_number.strip() and not patent_is_well_formed(patent_number):
        return [Problem("patent_number", f"专利号“{patent_number}”格式不正确")]
    return []


def unit_problems(credit_code: str) -> list[Problem]:
    if credit_code.strip() and not uscc_is_valid(credit_code):
        return [Problem("credit_code", f"单位统一社会信用代码{credit_code}校验位不正确")]
    return []
