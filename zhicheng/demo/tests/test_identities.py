"""Invented personal data is well-formed: GB 11643 ID numbers, mobiles, credit codes, uploadable files."""

import datetime
import random

from django.core.files.base import ContentFile

from zhicheng.accounts.identity import birth_date_from_id, gender_from_id, validate_id_number
from zhicheng.accounts.models import IdType
from zhicheng.accounts.verification import validate_mobile
from zhicheng.demo.files import pdf_bytes, png_bytes
from zhicheng.demo.identities import CREDIT_ALPHABET, CREDIT_WEIGHTS, PersonFactory, credit_code
from zhicheng.materials.validation import PDF, PNG, check_upload

TODAY = datetime.date(2026, 7, 2)


def test_r20_generated_id_numbers_pass_the_check_digit_and_encode_birth_date_and_gender():
    people = PersonFactory(random.Random(1), TODAY)
    for _ in range(500):
        person = people.person(min_age=20, max_age=60)
        assert validate_id_number(IdType.MAINLAND, person.id_number) == person.id_number
        assert birth_date_from_id(IdType.MAINLAND, person.id_number) == person.birth_date
        assert gender_from_id(IdType.MAINLAND, person.id_number) == person.gender
        assert 20 <= (TODAY - person.birth_date).days // 365 <= 61
        assert validate_mobile(person.phone) == person.phone
    assert len(people.id_numbers) == len(people.phones) == 500


def test_the_same_seed_gives_the_same_people_and_another_seed_others():
    def draw(seed: int) -> list[tuple[str, str, str]]:
        people = PersonFactory(random.Random(seed), TODAY)
        return [(p.name, p.id_number, p.phone) for p in (people.person() for _ in range(20))]

    assert draw(5) == draw(5)
    assert draw(5) != draw(6)


def test_credit_codes_carry_a_valid_gb32100_check_character():
    rng = random.Random(3)
    for _ in range(200):
        code = credit_code(rng, registrar="9", org_type="1", region="110105")
        assert len(code) == 18
        assert code.startswith("91110105")
        total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(code[:17], CREDIT_WEIGHTS, strict=True))
        assert CREDIT_ALPHABET.index(code[17]) == (31 - total % 31) % 31


def test_generated_png_and_pdf_pass_the_upload_checks(settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert check_upload(ContentFile(png_bytes(random.Random(1)), name="x.png")).content_type == PNG
    assert check_upload(ContentFile(pdf_bytes("Demo (1)"), name="x.pdf")).content_type == PDF
