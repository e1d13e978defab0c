"""Bureau staff keep the calendar in the admin; a pointless exception is refused with a Chinese message."""

import datetime

import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.workdays.models import SpecialDay
from zhicheng.workdays.services import is_workday

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau_client(client):
    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))
    return client


def test_r04_bureau_adds_a_make_up_working_day_in_the_admin(bureau_client):
    response = bureau_client.post(
        reverse("admin:workdays_specialday_add"),
        {"date": "2025-12-27", "is_workday": "on", "name": "元旦调休上班"},
    )
    assert response.status_code == 302
    assert is_workday(datetime.date(2025, 12, 27))


def test_r04_a_weekday_marked_as_working_day_is_refused(bureau_client):
    response = bureau_client.post(
        reverse("admin:workdays_specialday_add"),
        {"date": "2025-12-30", "is_workday": "on", "name": "上班"},
    )
    assert response.status_code == 200
    assert "本来就是工作日" in response.content.decode()
    assert not SpecialDay.objects.filter(date=datetime.date(2025, 12, 30)).exists()


def test_other_staff_cannot_edit_the_calendar(client):
    client.force_login(UserFactory(role=Role.AGENCY, is_staff=True))
    assert client.get(reverse("admin:workdays_specialday_changelist")).status_code == 403
    assert client.get(reverse("admin:workdays_calendaryear_changelist")).status_code == 403
