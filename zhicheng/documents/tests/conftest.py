import subprocess

import pytest

from zhicheng.applications.tests.factories import AchievementFactory, ApplicationFactory, WorkHistoryFactory
from zhicheng.catalog.tests.factories import SpecialtyFactory


@pytest.fixture
def application(zhang_san):
    """张三's application with work history and achievements, one of them with markup in its title."""
    application = ApplicationFactory(applicant=zhang_san, specialty=SpecialtyFactory())
    WorkHistoryFactory(application=application)
    AchievementFactory(application=application)
    AchievementFactory(application=application, title="<script>alert('x')</script>智慧政务平台", kind="project")
    return application


@pytest.fixture
def pdf_text():
    """The text of a PDF as pdftotext (poppler-utils) reads it."""

    def read(data: bytes) -> str:
        result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)  # noqa: S607
        return result.stdout.decode()

    return read
