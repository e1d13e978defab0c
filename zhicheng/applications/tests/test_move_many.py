"""Deciding many applications at once (the close of a ballot): all of them move, or none does."""

import pytest

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.audit.services import history_for
from zhicheng.audit.verify import verify
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.evaluations.tests.factories import paid_application


@pytest.fixture
def paid(db):
    committee = CommitteeFactory()
    plan = open_year(committee)
    return [paid_application(committee, plan, name=f"申报人{n}") for n in range(3)]


def test_r69_each_application_moves_with_its_own_reason_and_audit_event(paid, django_assert_max_num_queries):
    chair = UserFactory(role=Role.EXPERT)
    decisions = [(a, "pass_evaluation", f"同意{9 - n}票") for n, a in enumerate(paid[:2])]
    decisions.append((paid[2], "fail_evaluation", "同意5票"))

    with django_assert_max_num_queries(12):  # savepoints, one update per group, one chain append: not per application
        lifecycle.move_many(decisions, by=chair)

    stored = dict(Application.objects.filter(pk__in=[a.pk for a in paid]).values_list("pk", "status"))
    assert [stored[a.pk] for a in paid] == [Status.PASSED, Status.PASSED, Status.FAILED]
    assert [history_for(a).last().reason for a in paid] == ["同意9票", "同意8票", "同意5票"]
    assert verify() == []


def test_one_refused_move_leaves_every_application_where_it_was(paid):
    chair = UserFactory(role=Role.EXPERT)
    Application.objects.filter(pk=paid[1].pk).update(status=Status.APPROVED)
    paid[1].refresh_from_db()

    with pytest.raises(lifecycle.MoveNotAllowed):
        lifecycle.move_many([(a, "pass_evaluation", "") for a in paid], by=chair)

    assert set(Application.objects.filter(pk__in=[a.pk for a in paid]).values_list("status", flat=True)) == {
        Status.PAID,
        Status.APPROVED,
    }
    assert not any(history_for(a).filter(action="pass_evaluation").exists() for a in paid)


def test_only_the_presiding_expert_decides(paid):
    with pytest.raises(lifecycle.MoveNotAllowed, match="当前身份不能执行"):
        lifecycle.move_many([(paid[0], "pass_evaluation", "")], by=UserFactory(role=Role.AGENCY))
    assert Application.objects.get(pk=paid[0].pk).status == Status.PAID
