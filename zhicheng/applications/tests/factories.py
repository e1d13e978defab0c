import datetime
import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from zhicheng.accounts.tests.factories import ApplicantFactory, OrganizationFactory
from zhicheng.applications.models import (
    Achievement,
    AchievementKind,
    Application,
    Basis,
    Education,
    EducationCheck,
    EmploymentType,
    WorkHistory,
)
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory, PlanFactory
from zhicheng.materials.models import Attachment, AttachmentKind


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete intermediate engineering application that passes every eligibility rule."""

    class Meta:
        model = Application

    applicant = factory.SubFactory(ApplicantFactory)
    plan = factory.SubFactory(PlanFactory)
    committee = factory.SubFactory(CommitteeFactory)
    level = Level.INTERMEDIATE
    gender = "女"
    birth_date = datetime.date(1990, 3, 7)
    employment_type = EmploymentType.UNIT_STAFF
    unit = factory.SubFactory(OrganizationFactory)
    position = "软件工程师"
    basis = Basis.TITLE
    current_series = factory.LazyAttribute(lambda o: o.committee.series)
    current_level = Level.ASSISTANT
    current_obtained_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365 * 5))
    current_certificate_number = "BJ2019-00123"
    education = Education.BACHELOR
    degree = "工学学士"
    school = "北京理工大学"
    major = "计算机科学与技术"
    graduated_on = datetime.date(2012, 7, 1)
    diploma_number = "100071201205001234"
    education_check = EducationCheck.CONFIRMED
    work_summary = "负责政务服务平台后端开发与运维。"


class WorkHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkHistory

    application = factory.SubFactory(ApplicationFactory)
    started_on = datetime.date(2012, 7, 1)
    organization_name = "北京测试科技有限公司"
    position = "软件工程师"
    duties = "政务系统研发"


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    application = factory.SubFactory(ApplicationFactory)
    kind = AchievementKind.PAPER
    title = "基于微服务的政务平台高并发设计"
    achieved_on = datetime.date(2021, 5, 1)
    rank = 1
    journal = "计算机工程"
    journal_number = "ISSN 1000-3428"


PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
    b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def attach(application: Application, kind: str, *, achievement: Achievement | None = None) -> Attachment:
    """A stored attachment row with a tiny real PNG (bypasses the upload checks; for arranging tests)."""
    return Attachment.objects.create(
        application=application,
        kind=kind,
        achievement=achievement,
        file=ContentFile(PNG_1PX, name="a.png"),
        original_name=f"{kind}.png",
        content_type="image/png",
        size=len(PNG_1PX),
        sha256=hashlib.sha256(PNG_1PX).hexdigest(),
        uploaded_by=application.applicant,
    )


def complete_application(**kwargs: object) -> Application:
    """An application that meets every condition: sections filled and every required file attached."""
    application = ApplicationFactory(**kwargs)
    WorkHistoryFactory(application=application)
    achievement = AchievementFactory(application=application)
    attach(application, AttachmentKind.ACHIEVEMENT, achievement=achievement)
    for kind in (AttachmentKind.ID_DOCUMENT, AttachmentKind.TITLE_CERT, AttachmentKind.SIGNED_PLEDGE):
        attach(application, kind)
    return application
