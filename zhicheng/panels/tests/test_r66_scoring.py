"""Panel review (R-66): each member scores on the series' standard; the leader writes the panel's opinion."""

from decimal import Decimal

import pytest
from django.urls import reverse

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Series
from zhicheng.evaluations.models import Conflict, ConflictSource, SessionStatus
from zhicheng.panels import services
from zhicheng.panels.models import PanelOpinion, Recommendation, Score
from zhicheng.panels.tests.factories import entries, full_marks, members, submitted_version
from zhicheng.unit_review.models import Recommendation as UnitRecommendation


def _item(session, name):
    return session.committee.series.scoring_items.get(name=name)


def test_r66_a_member_saves_scores_on_every_item(session, panel_a):
    entry = entries(panel_a)[0]
    expert = members(panel_a)[1].seat.expert.user

    services.save_scores(entry, by=expert, marks=full_marks(session))

    saved = {s.item.name: (s.points, s.grade) for s in Score.objects.filter(entry=entry).select_related("item")}
    assert saved["业绩成果"] == (Decimal("32.0"), "")
    assert saved["职业道德"] == (None, "excellent")
    assert AuditEvent.objects.get(action="save_scores", object_id=str(entry.pk)).data == {"total": "80.0"}


def test_r66_scores_stay_editable_while_the_roster_is_filed(session, panel_a):
    entry = entries(panel_a)[0]
    expert = members(panel_a)[1].seat.expert.user
    services.save_scores(entry, by=expert, marks=full_marks(session))

    services.save_scores(entry, by=expert, marks=full_marks(session) | {_item(session, "业绩成果").pk: "39.5"})

    assert Score.objects.get(entry=entry, item__name="业绩成果").points == Decimal("39.5")
    assert Score.objects.filter(entry=entry).count() == 5


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("业绩成果", "41", "“业绩成果”的分值应为0至40分，最多一位小数"),
        ("业绩成果", "-1", "“业绩成果”的分值应为0至40分，最多一位小数"),
        ("业绩成果", "12.25", "“业绩成果”的分值应为0至40分，最多一位小数"),
        ("业绩成果", "很好", "“业绩成果”的分值应为0至40分，最多一位小数"),
        ("业绩成果", "NaN", "“业绩成果”的分值应为0至40分，最多一位小数"),
        ("业绩成果", "", "请填写“业绩成果”的分值"),
        ("职业道德", "great", "请选择“职业道德”的等次"),
    ],
)
def test_r66_bad_marks_get_a_chinese_error_and_nothing_is_saved(session, panel_a, name, value, message):
    entry = entries(panel_a)[0]
    expert = members(panel_a)[1].seat.expert.user

    with pytest.raises(services.PanelError) as refused:
        services.save_scores(entry, by=expert, marks=full_marks(session) | {_item(session, name).pk: value})

    assert refused.value.message == message
    assert not Score.objects.filter(entry=entry).exists()


def test_r66_bad_points_on_the_page_show_the_error_and_keep_the_input(client, session, panel_a):
    entry = entries(panel_a)[0]
    client.force_login(members(panel_a)[1].seat.expert.user)
    form = {f"item_{k}": v for k, v in full_marks(session).items()} | {f"item_{_item(session, '业绩成果').pk}": "99"}

    response = client.post(reverse("panels:review", args=[entry.pk]), form)

    assert response.status_code == 400
    page = response.content.decode()
    assert "“业绩成果”的分值应为0至40分" in page
    assert 'value="99"' in page
    assert not Score.objects.filter(entry=entry).exists()


def test_r66_scores_through_the_api_and_errors_name_the_rule(client, session, panel_a):
    entry = entries(panel_a)[0]
    client.force_login(members(panel_a)[1].seat.expert.user)
    marks = [
        {"item_id": k, "grade": v} if not v.isdigit() else {"item_id": k, "points": v}
        for k, v in full_marks(session).items()
    ]

    saved = client.put(f"/api/v1/panels/entries/{entry.pk}/scores", {"scores": marks}, content_type="application/json")
    marks[1] = {"item_id": marks[1]["item_id"], "points": 21}
    refused = client.put(
        f"/api/v1/panels/entries/{entry.pk}/scores", {"scores": marks}, content_type="application/json"
    )

    assert saved.status_code == 200
    assert [i["points"] for i in saved.json()["items"]][1:] == ["16.0", "24.0", "32.0", "8.0"]
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["rule"] == "R-66"
    assert Score.objects.get(entry=entry, item_id=marks[1]["item_id"]).points == Decimal("16.0")


def test_r64_a_recused_expert_cannot_score_that_entry(session, panel_a):
    entry = entries(panel_a)[0]
    member = members(panel_a)[1]
    Conflict.objects.create(
        session=session, expert=member.seat.expert, entry=entry, source=ConflictSource.EXPERT_DECLARED, reason="亲属"
    )

    with pytest.raises(services.PanelError, match="您已回避该申报") as refused:
        services.save_scores(entry, by=member.seat.expert.user, marks=full_marks(session))

    assert refused.value.rule == "R-64"


def test_r66_scores_close_when_the_meeting_opens(session, panel_a):
    session.status = SessionStatus.MEETING
    session.save(update_fields=["status"])

    with pytest.raises(services.PanelError, match="评议内容不能再修改"):
        services.save_scores(entries(panel_a)[0], by=members(panel_a)[1].seat.expert.user, marks=full_marks(session))


def test_r66_an_expert_of_another_panel_cannot_score(session, panel_a, panel_b):
    with pytest.raises(services.PanelError, match="不是该申报所在评议组的成员"):
        services.save_scores(entries(panel_a)[0], by=members(panel_b)[0].seat.expert.user, marks=full_marks(session))


def test_r66_a_series_without_a_standard_cannot_be_scored(client, session, panel_a):
    session.committee.series = Series.objects.create(code="new_series", name="新设系列")
    session.committee.save(update_fields=["series"])
    entry = entries(panel_a)[0]
    client.force_login(members(panel_a)[1].seat.expert.user)

    page = client.get(reverse("panels:review", args=[entry.pk])).content.decode()
    with pytest.raises(services.PanelError, match="该系列尚未设置评价标准"):
        services.save_scores(entry, by=members(panel_a)[1].seat.expert.user, marks={})

    assert "该系列尚未设置评价标准" in page
    assert "保存我的评分" not in page


def test_r66_the_review_page_shows_the_submitted_version_and_the_units_opinion(client, session, panel_a):
    entry = entries(panel_a)[0]
    submitted_version(entry.application)
    UnitRecommendation.objects.create(
        application=entry.application,
        version_number=1,
        opinion="该同志业务能力突出，同意推荐。",
        author=session.created_by,
    )
    client.force_login(members(panel_a)[1].seat.expert.user)

    page = client.get(reverse("panels:review", args=[entry.pk])).content.decode()

    assert "北京理工大学" in page
    assert "该同志业务能力突出，同意推荐。" in page
    assert "专业理论水平" in page
    assert 'max="40"' in page


def _score_all(session, panel, entry, totals):
    """Every member scores the entry; totals[i] points on 业绩成果 on top of 48 elsewhere."""
    for member, points in zip(members(panel), totals, strict=True):
        marks = full_marks(session) | {_item(session, "业绩成果").pk: str(points)}
        services.save_scores(entry, by=member.seat.expert.user, marks=marks)


def test_r66_the_leader_writes_the_opinion_with_the_average_total(session, panel_a):
    entry = entries(panel_a)[0]
    _score_all(session, panel_a, entry, [30, 35, 38.5])
    leader = members(panel_a)[0].seat.expert.user

    opinion = services.write_opinion(
        entry, by=leader, recommendation=Recommendation.SUPPORT, text="业绩突出，建议通过。"
    )

    assert opinion.average_points == Decimal("82.50")
    assert opinion.get_recommendation_display() == "建议通过"


def test_r66_the_average_follows_later_score_changes(session, panel_a):
    entry = entries(panel_a)[0]
    _score_all(session, panel_a, entry, [30, 30, 30])
    leader, member, _ = members(panel_a)
    services.write_opinion(entry, by=leader.seat.expert.user, recommendation=Recommendation.OPPOSE, text="业绩不足。")

    services.save_scores(
        entry, by=member.seat.expert.user, marks=full_marks(session) | {_item(session, "业绩成果").pk: "33"}
    )

    assert PanelOpinion.objects.get(entry=entry).average_points == Decimal("79.00")


def test_r66_only_the_leader_writes_and_only_after_everyone_scored(session, panel_a):
    entry = entries(panel_a)[0]
    leader, member, last = members(panel_a)
    for m in (leader, member):
        services.save_scores(entry, by=m.seat.expert.user, marks=full_marks(session))

    with pytest.raises(services.PanelError, match="尚有1位专家未完成评分"):
        services.write_opinion(entry, by=leader.seat.expert.user, recommendation="support", text="同意")
    services.save_scores(entry, by=last.seat.expert.user, marks=full_marks(session))
    with pytest.raises(services.PanelError, match="评议组意见由组长填写"):
        services.write_opinion(entry, by=member.seat.expert.user, recommendation="support", text="同意")

    assert not PanelOpinion.objects.filter(entry=entry).exists()


def test_r66_a_recused_leader_hands_the_opinion_to_the_next_member(session, panel_a):
    entry = entries(panel_a)[0]
    leader, member, last = members(panel_a)
    Conflict.objects.create(
        session=session, expert=leader.seat.expert, entry=entry, source=ConflictSource.SAME_UNIT, reason="同一单位"
    )
    for m in (member, last):
        services.save_scores(entry, by=m.seat.expert.user, marks=full_marks(session))

    opinion = services.write_opinion(entry, by=member.seat.expert.user, recommendation="support", text="同意")

    assert opinion.written_by == member


def test_r66_the_leader_writes_the_opinion_on_the_page(client, session, panel_a):
    entry = entries(panel_a)[0]
    _score_all(session, panel_a, entry, [40, 40, 40])
    client.force_login(members(panel_a)[0].seat.expert.user)

    missing = client.post(reverse("panels:opinion", args=[entry.pk]), {"recommendation": "support", "text": " "})
    written = client.post(
        reverse("panels:opinion", args=[entry.pk]), {"recommendation": "support", "text": "材料详实，建议通过。"}
    )

    assert missing.status_code == 400
    assert written.status_code == 302
    page = client.get(reverse("panels:review", args=[entry.pk])).content.decode()
    assert "建议通过" in page
    assert "88.00" in page
