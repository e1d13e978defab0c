"""Arrangements for re-check tests: applications whose result the meeting decided on a known day."""

import datetime
import io
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from zhicheng.applications.models import Application
from zhicheng.ballots.tests.factories import closed, entries
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.materials.tests import files

BEIJING = ZoneInfo("Asia/Shanghai")
# The vote closes on Monday 3 March 2025; ten working days later is Monday 17 March.
VOTED_AT = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=BEIJING)
LAST_DAY = datetime.date(2025, 3, 17)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)


def decided_session(applications: int = 2) -> EvaluationSession:
    """A session whose vote passed every applicant on VOTED_AT."""
    with time_machine.travel(VOTED_AT, tick=False):
        return closed(experts=9, applications=applications)


def decided_applications(session: EvaluationSession) -> list[Application]:
    return [e.application for e in entries(session)]


def pdf(name: str = "复查证据.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.pdf_bytes(), "application/pdf")


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, "PNG")
    return SimpleUploadedFile("截图.png", out.getvalue(), "image/png")


def fake_pdf() -> SimpleUploadedFile:
    """A text file that only pretends to be a PDF by its name."""
    return SimpleUploadedFile("证据.pdf", "这不是PDF文件".encode(), "application/pdf")
