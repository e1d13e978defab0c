"""The education-records adapter: confirmed only on an exact match; anything else asks for the certificate."""

import json

import pytest

from zhicheng.applications.education import (
    EducationRecordsUnavailable,
    RegistryFileRecords,
    education_records,
    refresh_education_check,
)
from zhicheng.applications.models import Application, EducationCheck
from zhicheng.applications.tests.factories import ApplicationFactory

ZHANG_SAN = {"name": "张三", "id_number": "11010519491231002X", "diploma_number": "100071201205001234"}


@pytest.fixture
def records_file(tmp_path, settings):
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"records": [ZHANG_SAN]}, ensure_ascii=False), encoding="utf-8")
    settings.EDUCATION_RECORDS_FILE = path
    return path


class AlwaysDown:
    def verify(self, *, name: str, id_number: str, diploma_number: str) -> EducationCheck:
        raise EducationRecordsUnavailable("connection refused")


def test_r19_exact_match_is_confirmed_ignoring_case_and_spaces(records_file):
    records = RegistryFileRecords()
    assert records.verify(name=" 张三", id_number="11010519491231002x", diploma_number="100071201205001234 ") == (
        EducationCheck.CONFIRMED
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"name": "张叁"},
        {"id_number": "110101199003077731"},
        {"diploma_number": "100071201205009999"},
        {"diploma_number": ""},
    ],
)
def test_r19_anything_that_does_not_match_is_not_found(records_file, changes):
    assert RegistryFileRecords().verify(**{**ZHANG_SAN, **changes}) == EducationCheck.NOT_FOUND


def test_r19_missing_or_broken_file_is_unavailable(tmp_path):
    with pytest.raises(EducationRecordsUnavailable):
        RegistryFileRecords(tmp_path / "missing.json").verify(**ZHANG_SAN)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(EducationRecordsUnavailable):
        RegistryFileRecords(broken).verify(**ZHANG_SAN)


def test_shipped_demo_records_confirm_the_demo_persona():
    assert RegistryFileRecords().verify(**ZHANG_SAN) == EducationCheck.CONFIRMED


def test_r19_refresh_stores_the_result_on_the_application(db, records_file):
    application = ApplicationFactory(education_check=EducationCheck.UNCHECKED)
    assert refresh_education_check(application) == EducationCheck.CONFIRMED
    assert Application.objects.get(pk=application.pk).education_check == EducationCheck.CONFIRMED
    application.diploma_number = "100071201205009999"
    application.save()
    assert refresh_education_check(application) == EducationCheck.NOT_FOUND
    assert Application.objects.get(pk=application.pk).education_check == EducationCheck.NOT_FOUND


def test_r19_unreachable_service_means_the_certificate_is_needed(db, settings):
    settings.EDUCATION_RECORDS = f"{__name__}.AlwaysDown"
    assert isinstance(education_records(), AlwaysDown)
    application = ApplicationFactory(education_check=EducationCheck.CONFIRMED)
    assert refresh_education_check(application) == EducationCheck.NOT_FOUND
    assert Application.objects.get(pk=application.pk).education_check == EducationCheck.NOT_FOUND
