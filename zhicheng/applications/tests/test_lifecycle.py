from pathlib import Path

import pytest
from django.conf import settings

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications import lifecycle
from zhicheng.applications.management.commands.lifecycle_doc import render
from zhicheng.applications.models import Status
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.audit.services import history_for


@pytest.fixture
def application(zhang_san):
    return ApplicationFactory(applicant=zhang_san)


def test_move_changes_status_and_writes_who_when_from_to_why(application, zhang_san):
    lifecycle.move(application, "submit", by=zhang_san, reason="第1版")

    event = history_for(application).get()
    assert (event.actor, event.from_state, event.to_state, event.reason) == (zhang_san, "draft", "submitted", "第1版")
    assert event.at is not None


def test_move_from_a_wrong_status_is_refused_in_chinese(application):
    hr = UserFactory(role=Role.UNIT_HR)

    with pytest.raises(lifecycle.MoveNotAllowed, match="当前状态为“填写中”，不能执行“推荐上报”"):
        lifecycle.move(application, "recommend", by=hr)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert not history_for(application).exists()


def test_move_by_a_wrong_role_is_refused(application):
    agency = UserFactory(role=Role.AGENCY)

    with pytest.raises(lifecycle.MoveNotAllowed, match="当前身份不能执行"):
        lifecycle.move(application, "submit", by=agency)


def test_abandoned_is_final(application):
    lifecycle.move(application, "abandon", by=None, reason="逾期未提交")

    for name, move in lifecycle.MOVES.items():
        actor = UserFactory(role=next(iter(a for a in move.actors if a))) if any(move.actors - {None}) else None
        with pytest.raises(lifecycle.MoveNotAllowed):
            lifecycle.move(application, name, by=actor)


def test_stale_instance_cannot_move_twice(application, zhang_san):
    stale = type(application).objects.get(pk=application.pk)
    lifecycle.move(application, "submit", by=zhang_san)

    with pytest.raises(lifecycle.MoveNotAllowed):
        lifecycle.move(stale, "submit", by=zhang_san)
    assert history_for(application).count() == 1


def test_lifecycle_doc_is_up_to_date():
    assert (Path(settings.BASE_DIR) / "docs" / "lifecycle.md").read_text() == render()
