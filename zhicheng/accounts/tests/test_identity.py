"""ID document numbers accepted at registration (R-10, R-20)."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.accounts.identity import (
    birth_date_from_id,
    check_digit,
    gender_from_id,
    validate_id_number,
    validate_work_permit_number,
)
from zhicheng.accounts.models import IdType

VALID_MAINLAND = "11010519491231002X"


def with_check_digit(first17: str) -> str:
    return first17 + check_digit(first17)


def message(exc_info: pytest.ExceptionInfo[ValidationError]) -> str:
    return exc_info.value.messages[0]


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),  # the GB 11643 standard's own example
        ("11010119900307773", "1"),
        ("11010819851212001", "3"),
        ("44030419800101000", "9"),
        ("33010219700101001", "3"),
    ],
)
def test_r20_check_digit_follows_gb11643(first17, expected):
    assert check_digit(first17) == expected


def iso7064_mod11_2(first17: str) -> str:
    """The same check character written as ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11)."""
    total = sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17)) % 11
    value = (12 - total) % 11
    return "X" if value == 10 else str(value)


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_r20_check_digit_agrees_with_iso7064_for_any_number(first17):
    assert check_digit(first17) == iso7064_mod11_2(first17)


def test_r20_valid_mainland_id_is_accepted_and_normalized():
    assert validate_id_number(IdType.MAINLAND, " 11010519491231002x ") == VALID_MAINLAND


def test_r20_full_width_digits_are_normalized():
    assert validate_id_number(IdType.MAINLAND, "１１０１０５１９４９１２３１００２Ｘ") == VALID_MAINLAND


@pytest.mark.parametrize("wrong", ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
def test_r20_every_wrong_check_digit_is_refused(wrong):
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.MAINLAND, "11010519491231002" + wrong)
    assert message(exc_info) == "居民身份证号码校验位不正确，请核对后重新输入"


def test_r20_one_changed_digit_breaks_the_check_digit():
    with pytest.raises(ValidationError, match="校验位"):
        validate_id_number(IdType.MAINLAND, "11010519491231003X")


@pytest.mark.parametrize(
    "value", ["1101051949123100", "11010519491231002XX", "1101051949123100AX", "X10105194912310021"]
)
def test_r20_mainland_id_must_have_18_characters(value):
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.MAINLAND, value)
    assert "应为18位" in message(exc_info)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "18991231"])
def test_r20_impossible_birth_date_is_refused(birth):
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.MAINLAND, with_check_digit("110105" + birth + "002"))
    assert message(exc_info) == "居民身份证号码中的出生日期不是有效日期"


def test_r20_leap_day_is_a_real_birth_date():
    number = with_check_digit("11010520000229002")
    assert validate_id_number(IdType.MAINLAND, number) == number


@time_machine.travel(datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC))
def test_r20_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.MAINLAND, with_check_digit("11010520240801002"))
    assert message(exc_info) == "居民身份证号码中的出生日期晚于今天"


@pytest.mark.parametrize("region", ["990105", "100105", "110000", "810000"])
def test_r20_implausible_region_code_is_refused(region):
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.MAINLAND, with_check_digit(region + "19900307002"))
    assert "地区码" in message(exc_info)


@pytest.mark.parametrize(
    ("id_type", "prefix"),
    [(IdType.HKMO_RESIDENCE, "810000"), (IdType.HKMO_RESIDENCE, "820000"), (IdType.TW_RESIDENCE, "830000")],
)
def test_r10_residence_permits_of_hk_macau_taiwan_are_accepted(id_type, prefix):
    number = with_check_digit(prefix + "19900307002")
    assert validate_id_number(id_type, number) == number


def test_r10_residence_permit_needs_its_prefix():
    with pytest.raises(ValidationError) as exc_info:
        validate_id_number(IdType.TW_RESIDENCE, with_check_digit("810000" + "19900307002"))
    assert message(exc_info) == "台湾居民居住证号码应为18位，以830000开头"


def test_r10_residence_permit_checks_its_check_digit():
    number = with_check_digit("81000019900307002")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_id_number(IdType.HKMO_RESIDENCE, wrong)


@pytest.mark.parametrize("value", ["H12345678", "M1234567890", "h12345678"])
def test_r10_hk_macau_travel_permit_is_accepted(value):
    assert validate_id_number(IdType.HKMO_PERMIT, value) == value.upper()


@pytest.mark.parametrize("value", ["12345678", "C12345678", "H1234567", "H123456789"])
def test_r10_malformed_hk_macau_travel_permit_is_refused(value):
    with pytest.raises(ValidationError, match="H或M加8位"):
        validate_id_number(IdType.HKMO_PERMIT, value)


def test_r10_taiwan_travel_permit_has_8_digits():
    assert validate_id_number(IdType.TW_PERMIT, "01234567") == "01234567"
    with pytest.raises(ValidationError, match="8位数字"):
        validate_id_number(IdType.TW_PERMIT, "0123456")


def test_r10_old_foreigner_permanent_residence_card_is_accepted():
    assert validate_id_number(IdType.FOREIGN_PR, "usa110090030001") == "USA110090030001"


def test_r10_new_foreigner_permanent_residence_card_checks_its_check_digit():
    number = with_check_digit("91184019900307002")
    assert validate_id_number(IdType.FOREIGN_PR, number) == number
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位不正确"):
        validate_id_number(IdType.FOREIGN_PR, wrong)


@pytest.mark.parametrize("value", ["US110090030001", "81184019900307002X", "ABCDEFGHIJKLMNO"])
def test_r10_malformed_foreigner_permanent_residence_card_is_refused(value):
    with pytest.raises(ValidationError, match="15位"):
        validate_id_number(IdType.FOREIGN_PR, value)


@pytest.mark.parametrize(("value", "ok"), [("E1234567", True), ("AB123", True), ("A1234", True), ("A123", False)])
def test_r10_passport_has_5_to_20_letters_or_digits(value, ok):
    if ok:
        assert validate_id_number(IdType.PASSPORT, value) == value
    else:
        with pytest.raises(ValidationError, match="5至20位"):
            validate_id_number(IdType.PASSPORT, value)


def test_r10_passport_with_symbols_is_refused():
    with pytest.raises(ValidationError):
        validate_id_number(IdType.PASSPORT, "<b>E123</b>")


def test_r10_passport_requires_a_work_permit_number():
    with pytest.raises(ValidationError) as exc_info:
        validate_work_permit_number(IdType.PASSPORT, "  ")
    assert message(exc_info) == "持外国护照注册须填写外国人来华工作许可证号"
    assert validate_work_permit_number(IdType.PASSPORT, "w2024 110000123") == "W2024110000123"


def test_work_permit_number_is_ignored_for_other_documents():
    assert validate_work_permit_number(IdType.MAINLAND, "anything") == ""


def test_unknown_id_type_and_empty_number_are_refused():
    with pytest.raises(ValidationError, match="请选择有效的证件类型"):
        validate_id_number("driving_licence", VALID_MAINLAND)
    with pytest.raises(ValidationError, match="请填写证件号码"):
        validate_id_number(IdType.MAINLAND, "   ")


def test_birth_date_and_gender_come_from_mainland_style_numbers():
    assert birth_date_from_id(IdType.MAINLAND, VALID_MAINLAND) == datetime.date(1949, 12, 31)
    assert gender_from_id(IdType.MAINLAND, VALID_MAINLAND) == "女"
    male = "110101199003077731"
    assert gender_from_id(IdType.MAINLAND, male) == "男"
    permit = with_check_digit("83000019851212001")
    assert birth_date_from_id(IdType.TW_RESIDENCE, permit) == datetime.date(1985, 12, 12)
    assert gender_from_id(IdType.TW_RESIDENCE, permit) == "男"


def test_birth_date_and_gender_are_unknown_for_other_or_invalid_documents():
    assert birth_date_from_id(IdType.PASSPORT, "E1234567") is None
    assert gender_from_id(IdType.HKMO_PERMIT, "H12345678") is None
    assert birth_date_from_id(IdType.MAINLAND, "110105194912310021") is None
    assert gender_from_id(IdType.FOREIGN_PR, "USA110090030001") is None
