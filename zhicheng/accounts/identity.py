"""Identity documents accepted for real-name registration (R-10, R-20) and their number formats.

Mainland ID cards, the residence permits of HK/Macau/Taiwan residents and the new foreigner's
permanent residence card share the GB 11643 layout: 6-digit region, 8-digit birth date,
3-digit sequence (odd for men), 1 check character.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone

from zhicheng.accounts.models import IdType

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
# Province-level codes of GB/T 2260 that appear on mainland ID cards.
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43"}
    | {"44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65"}
)
RESIDENCE_PREFIXES = {IdType.HKMO_RESIDENCE: ("810000", "820000"), IdType.TW_RESIDENCE: ("830000",)}
GB11643_TYPES = frozenset({IdType.MAINLAND, IdType.HKMO_RESIDENCE, IdType.TW_RESIDENCE})

GB11643_SHAPE = re.compile(r"\d{17}[\dX]")
HKMO_PERMIT = re.compile(r"[HM]\d{8}(\d{2})?")
TW_PERMIT = re.compile(r"\d{8}")
FOREIGN_PR_OLD = re.compile(r"[A-Z]{3}\d{12}")
FOREIGN_PR_NEW = re.compile(r"9\d{16}[\dX]")
PASSPORT = re.compile(r"[A-Z0-9]{5,20}")
WORK_PERMIT = re.compile(r"[A-Z0-9]{6,30}")


def normalize(value: str) -> str:
    """Full-width to half-width, no spaces, upper case (an x check digit becomes X)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).upper()


def check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def validate_id_number(id_type: str, value: str) -> str:
    """Return the normalized document number, or raise ValidationError with a Chinese message."""
    if id_type not in IdType.values:
        raise ValidationError("请选择有效的证件类型", code="id_type")
    number = normalize(value)
    if not number:
        raise ValidationError("请填写证件号码", code="required")
    kind = IdType(id_type)
    label = kind.label
    if kind == IdType.MAINLAND:
        _check_gb11643(number, label)
        if number[:2] not in PROVINCE_CODES or number[2:6] == "0000":
            raise ValidationError(f"{label}号码的地区码不正确，请核对", code="region")
    elif kind in RESIDENCE_PREFIXES:
        prefixes = RESIDENCE_PREFIXES[kind]
        if not number.startswith(prefixes):
            raise ValidationError(f"{label}号码应为18位，以{'或'.join(prefixes)}开头", code="format")
        _check_gb11643(number, label)
    elif kind == IdType.HKMO_PERMIT:
        if not HKMO_PERMIT.fullmatch(number):
            raise ValidationError(f"{label}号码应为H或M加8位（或10位）数字", code="format")
    elif kind == IdType.TW_PERMIT:
        if not TW_PERMIT.fullmatch(number):
            raise ValidationError(f"{label}号码应为8位数字", code="format")
    elif kind == IdType.FOREIGN_PR:
        if FOREIGN_PR_NEW.fullmatch(number):
            _check_gb11643(number, label)
        elif not FOREIGN_PR_OLD.fullmatch(number):
            raise ValidationError(f"{label}号码应为15位（3位字母加12位数字）或以9开头的18位号码", code="format")
    elif not PASSPORT.fullmatch(number):
        raise ValidationError("护照号码应为5至20位字母或数字", code="format")
    return number


def validate_work_permit_number(id_type: str, value: str) -> str:
    """A passport holder must give the number of the foreigner's work permit (R-10); others give none."""
    if id_type != IdType.PASSPORT:
        return ""
    number = normalize(value)
    if not number:
        raise ValidationError("持外国护照注册须填写外国人来华工作许可证号", code="required")
    if not WORK_PERMIT.fullmatch(number):
        raise ValidationError("外国人来华工作许可证号应为6至30位字母或数字", code="format")
    return number


def _check_gb11643(number: str, label: str) -> None:
    if not GB11643_SHAPE.fullmatch(number):
        raise ValidationError(f"{label}号码应为18位：17位数字加1位数字或字母X", code="format")
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(f"{label}号码校验位不正确，请核对后重新输入", code="check_digit")
    born = _birth_date(number)
    if born is None or born < EARLIEST_BIRTH:
        raise ValidationError(f"{label}号码中的出生日期不是有效日期", code="birth_date")
    if born > timezone.localdate():
        raise ValidationError(f"{label}号码中的出生日期晚于今天", code="birth_date")


def _birth_date(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _gb11643_number(id_type: str, value: str) -> str | None:
    """The validated number if this document follows the GB 11643 layout, else None."""
    number = normalize(value)
    if id_type not in GB11643_TYPES and not (id_type == IdType.FOREIGN_PR and FOREIGN_PR_NEW.fullmatch(number)):
        return None
    try:
        return validate_id_number(id_type, number)
    except ValidationError:
        return None


def birth_date_from_id(id_type: str, value: str) -> datetime.date | None:
    """Birth date encoded in a valid GB 11643-style number; None for other documents."""
    number = _gb11643_number(id_type, value)
    return _birth_date(number) if number else None


def gender_from_id(id_type: str, value: str) -> str | None:
    """男 or 女 from the sequence digit of a valid GB 11643-style number; None for other documents."""
    number = _gb11643_number(id_type, value)
    if number is None:
        return None
    return "男" if int(number[16]) % 2 else "女"
