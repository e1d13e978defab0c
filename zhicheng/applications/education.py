"""The education-records adapter (001 五(三)): the declared diploma is compared with the national records.

settings.EDUCATION_RECORDS names the implementation. The default, RegistryFileRecords, reads records
shipped in a JSON file (settings.EDUCATION_RECORDS_FILE), for the demo and tests; a production
implementation queries the national service. Whatever cannot be confirmed, including an unreachable
service, is NOT_FOUND, and the applicant then uploads the certificate for the agency to verify.
"""

import json
import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from zhicheng.applications.models import Application, EducationCheck

logger = logging.getLogger(__name__)

DEFAULT_IMPLEMENTATION = "zhicheng.applications.education.RegistryFileRecords"
DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "education_records.json"


class EducationRecordsUnavailable(Exception):
    """The records could not be consulted (service down, file missing or malformed)."""


class EducationRecords(Protocol):
    def verify(self, *, name: str, id_number: str, diploma_number: str) -> EducationCheck:
        """CONFIRMED when a record matches all three values, else NOT_FOUND; raises EducationRecordsUnavailable."""
        ...


class RegistryFileRecords:
    """Records from a JSON file: {"records": [{"name", "id_number", "diploma_number", ...}, ...]}."""

    def __init__(self, path: Path | str | None = None) -> None:
        configured = getattr(settings, "EDUCATION_RECORDS_FILE", DEFAULT_FILE)
        self.path = Path(path if path is not None else configured)

    def verify(self, *, name: str, id_number: str, diploma_number: str) -> EducationCheck:
        key = (name.strip(), id_number.strip().upper(), diploma_number.strip())
        if not all(key):
            return EducationCheck.NOT_FOUND
        return EducationCheck.CONFIRMED if key in self._keys() else EducationCheck.NOT_FOUND

    def _keys(self) -> set[tuple[str, str, str]]:
        try:
            records = json.loads(self.path.read_text(encoding="utf-8"))["records"]
            return {
                (str(r["name"]).strip(), str(r["id_number"]).strip().upper(), str(r["diploma_number"]).strip())
                for r in records
            }
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EducationRecordsUnavailable(f"cannot read education records from {self.path}: {exc}") from exc


def education_records() -> EducationRecords:
    """The configured implementation."""
    implementation: type[EducationRecords] = import_string(
        getattr(settings, "EDUCATION_RECORDS", DEFAULT_IMPLEMENTATION)
    )
    return implementation()


def refresh_education_check(application: Application) -> EducationCheck:
    """Compare the declared diploma with the records and store the result on the application."""
    applicant = application.applicant
    try:
        result = education_records().verify(
            name=applicant.real_name, id_number=applicant.id_number, diploma_number=application.diploma_number
        )
    except EducationRecordsUnavailable:
        logger.warning("education records unavailable; application %s needs the certificate", application.pk)
        result = EducationCheck.NOT_FOUND
    application.education_check = result
    application.save(update_fields=["education_check", "updated_at"])
    return result
