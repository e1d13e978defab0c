"""The bureau corrects an irregular passed result at acceptance (R-80): with a reason, audited, and only its own."""

import pytest

from zhicheng.acceptance import services
from zhicheng.acceptance.models import Acceptance, Correction
from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.audit.services import history_for
from zhicheng.ballots.tests.factories import agency_of, closed, entries
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.tests.factories import bureau_staff

from .factories import reported

pytestmark = pytest.mark.django_db


def test_r80_correction_needs_a_reason_is_audited_and_fails_the_application():
    session = reported(applications=1)
    entry = entries(session)[0]
    bureau = bureau_staff()

    with pytest.raises(DomainError, match="请填写纠正理由") as refused:
        services.correct_result(entry, by=bureau, reason="  ")
    assert refused.value.field == "reason"
    assert not Correction.objects.exists()

    correction = services.correct_result(entry, by=bureau, reason="评审材料中论文存在抄袭")

    entry.application.refresh_from_db()
    assert entry.application.status == Status.FAILED
    assert (correction.reason, correction.by) == ("评审材料中论文存在抄袭", bureau)
    move = history_for(entry.application).get(action="correct_result")
    assert (move.from_state, move.to_state, move.reason) == (Status.PASSED, Status.FAILED, "评审材料中论文存在抄袭")
    assert history_for(session.acceptance).filter(action="correct_result", actor=bureau).exists()
    with pytest.raises(DomainError, match="不能执行“纠正评审结果”"):
        services.correct_result(entry, by=bureau, reason="再次纠正")


@pytest.mark.parametrize("role", [Role.AGENCY, Role.EXPERT, Role.APPLICANT, Role.DISTRICT_BUREAU])
def test_r80_only_the_bureau_corrects_or_accepts(role):
    session = reported(applications=1)
    entry = entries(session)[0]
    someone = agency_of(session) if role == Role.AGENCY else UserFactory(role=role)

    with pytest.raises(DomainError, match="只有市人社局"):
        services.correct_result(entry, by=someone, reason="理由")
    with pytest.raises(DomainError, match="只有市人社局"):
        services.accept_session(session, by=someone)
    with pytest.raises(DomainError, match="只有市人社局"):
        services.run_checks(session, by=someone)

    entry.application.refresh_from_db()
    assert entry.application.status == Status.PASSED


def test_r80_a_session_not_reported_is_refused():
    session = closed(experts=5, applications=1)
    entry = entries(session)[0]
    bureau = bureau_staff()

    for attempt in (
        lambda: services.run_checks(session, by=bureau),
        lambda: services.correct_result(entry, by=bureau, reason="理由"),
        lambda: services.accept_session(session, by=bureau),
    ):
        with pytest.raises(DomainError, match="评审机构报送验收后方可验收") as refused:
            attempt()
        assert refused.value.rule == "R-80"

    entry.application.refresh_from_db()
    assert entry.application.status == Status.PASSED
    assert not Acceptance.objects.filter(session=session).exists()
