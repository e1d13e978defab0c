"""Arrangements used by several test modules."""

import datetime

import time_machine
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.agency_review.services import ItemInput, request_correction
from zhicheng.applications.models import Application
from zhicheng.applications.services import submit_application, update_application
from zhicheng.unit_review import services
from zhicheng.unit_review.models import Posting, Recommendation


def at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    """Travel to the day, at the hour in Beijing."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone()))


def days_from_today(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def posted(application: Application, hr: User) -> Posting:
    """Posting started today (5 working days)."""
    return services.start_posting(application, by=hr, starts_on=days_from_today(0))


def recommended(application: Application, hr: User) -> Recommendation:
    """Posted today, recommended the day after the posting ended."""
    posting = posted(application, hr)
    with at(posting.ends_on + datetime.timedelta(days=1)):
        return services.recommend(application, by=hr, opinion="该同志工作业绩突出，同意推荐。")


def corrected_and_resubmitted(application: Application, *, position: str = "高级软件工程师") -> Application:
    """The agency asks for a correction; the applicant changes one field and resubmits (version 2)."""
    agency = UserFactory(role=Role.AGENCY, organization=application.committee.agency)
    request_correction(application, by=agency, items=[ItemInput("position", "职务填写不完整", "按聘任文件填写")])
    application.refresh_from_db()
    update_application(application, by=application.applicant, changes={"position": position})
    submit_application(application, by=application.applicant)
    application.refresh_from_db()
    return application
