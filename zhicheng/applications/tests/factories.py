import datetime

import factory
from django.utils import timezone

from zhicheng.accounts.tests.factories import ApplicantFactory, OrganizationFactory
from zhicheng.applications.models import Application, Basis, Education, EducationCheck, EmploymentType
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import CommitteeFactory, PlanFactory


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
