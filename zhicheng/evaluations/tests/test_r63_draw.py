"""The bureau draws the experts at random from the pool, auditably (R-63, R-62)."""

import pytest

from zhicheng.accounts.models import OrgKind
from zhicheng.accounts.tests.factories import OrganizationFactory
from zhicheng.audit.services import history_for
from zhicheng.audit.verify import verify
from zhicheng.catalog.models import Level, Tier
from zhicheng.core.crypto import sm3_hex
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import draw as drawing
from zhicheng.evaluations import services
from zhicheng.evaluations.models import DrawKind, SeatStatus, SessionStatus
from zhicheng.evaluations.tests.conftest import BASE_URL
from zhicheng.experts.models import ExpertStatus
from zhicheng.experts.tests.factories import ExpertFactory
from zhicheng.notifications.models import SmsMessage


def test_r63_request_draw_moves_the_session_to_the_bureau(session, agency):
    services.request_draw(session, by=agency)

    session.refresh_from_db()
    assert session.status == SessionStatus.DRAW_REQUESTED
    assert [e.action for e in history_for(session)] == ["create_session", "request_draw"]


def test_request_draw_twice_is_refused(requested, agency):
    with pytest.raises(DomainError, match="待市局抽取专家"):
        services.request_draw(requested, by=agency)


def test_bureau_cannot_request_a_draw(session, bureau):
    with pytest.raises(DomainError):
        services.request_draw(session, by=bureau)
    session.refresh_from_db()
    assert session.status == SessionStatus.PREPARING


def test_r63_draw_invites_the_requested_number_with_one_time_links(requested, bureau, pool):
    draw = services.draw_experts(requested, by=bureau, base_url=BASE_URL)

    requested.refresh_from_db()
    assert requested.status == SessionStatus.CONFIRMING
    assert draw.kind == DrawKind.INITIAL
    assert len(draw.result) == 5
    assert set(draw.result) <= {e.pk for e in pool}
    seats = list(requested.seats.all())
    assert [s.expert_id for s in seats] == draw.result
    assert {s.status for s in seats} == {SeatStatus.INVITED}
    assert len({s.token_digest for s in seats}) == 5
    sms = SmsMessage.objects.filter(template_id="expert_invited")
    assert sms.count() == 5
    link = sms.first().params["link"]
    assert link.startswith(f"{BASE_URL}/evaluations/invitations/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert sm3_hex(token.encode()) in {s.token_digest for s in seats}
    assert token not in str(list(requested.seats.values()))


def test_r63_seed_is_committed_before_the_result_and_revealed_after(drawn):
    draw = drawn.draws.get()
    commit, reveal = history_for(draw)

    assert (commit.action, reveal.action) == ("commit_seed", "reveal_seed")
    assert commit.id < reveal.id
    assert draw.seed not in str(commit.data)
    assert commit.data["seed_commitment"] == sm3_hex(bytes.fromhex(draw.seed))
    assert commit.data["pool_digest"] == drawing.digest(draw.pool)
    assert commit.data["exclusions_digest"] == drawing.digest(draw.exclusions)
    assert commit.data["parameters"]["number"] == 5
    assert reveal.data == {"seed": draw.seed, "result": draw.result}
    assert verify() == []


def test_r63_rerunning_the_record_gives_the_same_list(drawn):
    record = drawing.record_of(drawn.draws.get())

    check = drawing.check_record(record)

    assert check.ok
    assert check.result == record["result"]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda r: r.update(result=list(reversed(r["result"]))),
        lambda r: r.update(seed="0" * 64),
        lambda r: r["pool"].pop(),
        lambda r: r["exclusions"].append({"expert_id": r["result"][0], "reason": "伪造"}),
    ],
    ids=["result", "seed", "pool", "exclusions"],
)
def test_r63_tampered_record_does_not_check(drawn, tamper):
    record = drawing.record_of(drawn.draws.get())
    tamper(record)

    assert not drawing.check_record(record).ok


def test_ranking_is_sm3_of_seed_and_id_ascending():
    seed = "ab" * 32

    ranked = drawing.rank(seed, range(1, 50), 3)

    by_hand = sorted(range(1, 50), key=lambda i: sm3_hex(bytes.fromhex(seed) + b":" + str(i).encode()))
    assert ranked == by_hand[:3]
    assert (
        drawing.sm3_hex(b"abc")
        == sm3_hex(b"abc")
        == ("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    )


def test_r62_pool_is_filed_experts_of_the_series_at_or_above_the_committees_level(requested, bureau, committee, pool):
    other_series = ExpertFactory(series__code="economics", series__name="经济")
    retired = ExpertFactory(series=committee.series, status=ExpertStatus.RETIRED)
    too_junior = ExpertFactory(series=committee.series, level=Level.ASSISTANT)
    own_list = ExpertFactory(series=committee.series, pool_owner=OrganizationFactory(kind=OrgKind.UNIT))

    draw = services.draw_experts(requested, by=bureau, base_url=BASE_URL)

    assert set(draw.pool) == {e.pk for e in pool}
    assert not {other_series.pk, retired.pk, too_junior.pk, own_list.pk} & set(draw.pool)
    assert draw.parameters["min_level"] == Level.INTERMEDIATE
    assert draw.parameters["pool_owner"] == "全市专家库"


def test_r62_senior_committee_draws_full_senior_experts_only(committee, pool):
    committee.tier = Tier.SENIOR
    committee.save()
    deputy = ExpertFactory(series=committee.series, level=Level.SENIOR_DEPUTY)

    assert deputy not in drawing.pool_queryset(committee)
    assert drawing.min_level(committee) == Level.SENIOR_FULL


def test_self_evaluating_unit_draws_from_its_own_list(requested, bureau, committee):
    unit = OrganizationFactory(kind=OrgKind.UNIT, name="自主评聘单位")
    committee.self_evaluating_unit = unit
    committee.save()
    own = [ExpertFactory(series=committee.series, pool_owner=unit, unit=unit) for _ in range(5)]

    draw = services.draw_experts(requested, by=bureau, base_url=BASE_URL)

    assert sorted(draw.result) == [e.pk for e in own]
    assert draw.parameters["pool_owner"] == "自主评聘单位"


def test_r63_too_small_a_pool_is_refused_and_nothing_changes(session, agency, bureau):
    session.experts_requested = 13
    session.save()
    services.request_draw(session, by=agency)

    with pytest.raises(DomainError, match="可抽取12人，需抽取13人"):
        services.draw_experts(session, by=bureau, base_url=BASE_URL)

    session.refresh_from_db()
    assert session.status == SessionStatus.DRAW_REQUESTED
    assert not session.draws.exists()


def test_draw_before_the_request_is_refused(session, bureau):
    with pytest.raises(DomainError, match="筹备中"):
        services.draw_experts(session, by=bureau, base_url=BASE_URL)
    assert not session.draws.exists()


def test_agency_cannot_draw_its_own_experts(requested, agency):
    with pytest.raises(DomainError, match="当前身份"):
        services.draw_experts(requested, by=agency, base_url=BASE_URL)
    assert not requested.draws.exists()
