"""Forming panels and moving entries and experts between them (R-65)."""

import pytest

from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.models import Level
from zhicheng.catalog.tests.factories import SpecialtyFactory
from zhicheng.evaluations.models import Conflict, ConflictSource, EvaluationSession, SessionStatus
from zhicheng.evaluations.tests.factories import session_with_roster
from zhicheng.panels import services
from zhicheng.panels.models import Panel, PanelMember, Score
from zhicheng.panels.tests.factories import entries, full_marks, members


def _specialise(session, counts):
    """Give the session's applications specialties: counts[i] applications in specialty i."""
    rows = list(session.entries.select_related("application").order_by("application_id"))
    specialties = [SpecialtyFactory(series=session.committee.series, code=f"s{i}", name=f"专业{i}") for i in range(9)]
    start = 0
    for i, count in enumerate(counts):
        for entry in rows[start : start + count]:
            entry.application.specialty = specialties[i]
            entry.application.save(update_fields=["specialty"])
        start += count
    return specialties


@pytest.mark.django_db
def test_r65_panels_group_by_specialty_with_balanced_load():
    session = session_with_roster(experts=15, applications=10)
    first, second, *_ = _specialise(session, [7, 3])

    panels = services.form_panels(session, by=session.created_by, panel_count=4)

    loads = {p.name: (p.specialty, p.entries.count()) for p in panels}
    assert sorted(n for s, n in loads.values() if s == first) == [2, 2, 3]
    assert [n for s, n in loads.values() if s == second] == [3]
    assert all(name.endswith(f"（{spec.name}）") for name, (spec, _) in loads.items())
    for panel in panels:
        assert panel.members.count() >= 3
        assert panel.members.filter(is_leader=True).count() == 1
    assert PanelMember.objects.filter(panel__session=session).count() == 15
    assert session.entries.filter(panel__isnull=True).count() == 0


@pytest.mark.django_db
def test_r65_the_most_senior_expert_leads_the_panel():
    session = session_with_roster(experts=6, applications=2)
    senior = session.seats.order_by("id")[5].expert
    for seat in session.seats.exclude(expert=senior).select_related("expert"):
        seat.expert.level = Level.SENIOR_DEPUTY
        seat.expert.save(update_fields=["level"])

    services.form_panels(session, by=session.created_by, panel_count=2)

    leaders = PanelMember.objects.filter(panel__session=session, is_leader=True).select_related("seat")
    assert senior.pk in [m.seat.expert_id for m in leaders]


@pytest.mark.django_db
def test_r65_fewer_than_three_experts_per_panel_is_refused_and_nothing_is_formed():
    session = session_with_roster(experts=8, applications=6)

    with pytest.raises(services.PanelError) as refused:
        services.form_panels(session, by=session.created_by, panel_count=3)

    assert refused.value.rule == "R-65"
    assert "至少需要9人" in refused.value.message
    assert not Panel.objects.filter(session=session).exists()


@pytest.mark.django_db
def test_r65_forming_needs_the_roster_filed():
    session = session_with_roster(experts=6, applications=2)
    session.status = SessionStatus.MEETING
    session.save(update_fields=["status"])

    with pytest.raises(services.PanelError, match="不能组建评议组"):
        services.form_panels(session, by=session.created_by, panel_count=2)


def test_r65_only_the_committees_agency_forms_panels(session, other_agency, bureau):
    for outsider in (other_agency, bureau):
        with pytest.raises(services.PanelError, match="只有本评委会的评审服务机构"):
            services.form_panels(session, by=outsider, panel_count=1)


def test_r65_forming_is_audited_without_naming_experts(session):
    event = AuditEvent.objects.get(action="form_panels", object_id=str(session.pk))

    assert [p["entries"] for p in event.data["panels"]] == [2, 2]
    assert "专家" not in str(event.data)


def test_r65_forming_again_replaces_the_panels_until_scoring_starts(session, agency, panel_a):
    services.form_panels(session, by=agency, panel_count=1)
    assert session.panels.count() == 1

    (panel,) = session.panels.all()
    leader = members(panel)[0]
    Score.objects.create(
        entry=entries(panel)[0], member=leader, item=session.committee.series.scoring_items.last(), points=5
    )
    with pytest.raises(services.PanelError, match="不能重新组建"):
        services.form_panels(session, by=agency, panel_count=2)
    assert session.panels.count() == 1


def test_r65_an_expert_recused_for_an_entry_is_placed_in_another_panel(db):
    session = session_with_roster(experts=6, applications=2)
    entry = session.entries.order_by("id").first()
    chair = session.seats.order_by("id").first().expert
    Conflict.objects.create(
        session=session, expert=chair, entry=entry, source=ConflictSource.EXPERT_DECLARED, reason="师生关系"
    )

    services.form_panels(session, by=session.created_by, panel_count=2)

    entry.refresh_from_db()
    assert not entry.panel.members.filter(seat__expert=chair).exists()


def test_r65_moving_an_expert_keeps_at_least_three_in_the_panel(session, agency, panel_a, panel_b):
    leaving = members(panel_a)[1]

    with pytest.raises(services.PanelError) as refused:
        services.move_member(leaving, to_panel=panel_b, by=agency)

    assert refused.value.rule == "R-65"
    assert "不足3人" in refused.value.message
    leaving.refresh_from_db()
    assert leaving.panel_id == panel_a.pk


def test_r65_moving_the_leader_away_gives_the_panel_a_new_leader(db):
    session = session_with_roster(experts=7, applications=2)
    panel_a, panel_b = services.form_panels(session, by=session.created_by, panel_count=2)
    big, small = (panel_a, panel_b) if panel_a.members.count() == 4 else (panel_b, panel_a)
    leader = members(big)[0]

    services.move_member(leader, to_panel=small, by=session.created_by)

    assert big.members.count() == 3
    assert big.members.filter(is_leader=True).count() == 1
    assert small.members.filter(is_leader=True).count() == 1
    assert AuditEvent.objects.filter(action="move_member", object_id=str(leader.pk), to_state=small.name).exists()


def test_r65_appointing_a_leader_keeps_one_leader(session, agency, panel_a):
    new = members(panel_a)[2]

    services.appoint_leader(new, by=agency)

    assert list(panel_a.members.filter(is_leader=True)) == [new]


def test_r65_moving_an_entry_before_it_is_scored(session, agency, panel_a, panel_b):
    entry = entries(panel_a)[0]

    services.move_entry(entry, to_panel=panel_b, by=agency)

    entry.refresh_from_db()
    assert entry.panel_id == panel_b.pk
    assert AuditEvent.objects.filter(action="move_entry", object_id=str(entry.pk)).exists()


def test_r65_a_scored_entry_stays_in_its_panel(session, agency, panel_a, panel_b):
    entry = entries(panel_a)[0]
    services.save_scores(entry, by=members(panel_a)[0].seat.expert.user, marks=full_marks(session))

    with pytest.raises(services.PanelError, match="已有专家评分"):
        services.move_entry(entry, to_panel=panel_b, by=agency)


def test_r65_a_panel_of_another_session_is_refused(session, agency, panel_a):
    other = EvaluationSession.objects.create(
        plan=session.plan,
        committee=session.committee,
        name="另一场评审会",
        meeting_on=session.meeting_on,
        place=session.place,
        experts_requested=3,
        status=SessionStatus.ROSTER_FILED,
        created_by=agency,
    )
    foreign = Panel.objects.create(session=other, name="第一评议组")

    with pytest.raises(services.PanelError, match="不属于本评审会"):
        services.move_entry(entries(panel_a)[0], to_panel=foreign, by=agency)
