"""Property tests of the status graph: random moves by random roles (and the system) never leave the graph the
rules describe, every accepted move leaves exactly one audit event, a refused move changes nothing, and an
abandoned application stays abandoned whatever anyone tries."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import ApplicationFactory
from zhicheng.audit.services import history_for

S = Status
UNIT = frozenset({Role.UNIT_HR, Role.ASSOCIATION})
AGENCY = frozenset({Role.AGENCY, Role.DISTRICT_BUREAU})  # R-40, 001 五(一)
SYSTEM = None

# The graph as the rules describe it, written out independently of lifecycle.MOVES:
# (move, from) -> (to, who may make it).
GRAPH: dict[tuple[str, Status], tuple[Status, frozenset[Role | None]]] = {
    **{("submit", s): (S.SUBMITTED, frozenset({Role.APPLICANT})) for s in (S.DRAFT, S.RETURNED, S.CORRECTION)},
    ("unit_return", S.SUBMITTED): (S.RETURNED, UNIT),
    ("start_posting", S.SUBMITTED): (S.UNIT_POSTING, UNIT),
    ("recommend", S.UNIT_POSTING): (S.AGENCY_REVIEW, UNIT),
    ("recommend_again", S.SUBMITTED): (S.AGENCY_REVIEW, UNIT),
    # 高端领军人才“直通车”: the unit HR recommends to the district bureau, whose committee decides.
    ("recommend_to_district", S.UNIT_POSTING): (S.DISTRICT_REVIEW, frozenset({Role.UNIT_HR})),
    ("district_recommend", S.DISTRICT_REVIEW): (S.AGENCY_REVIEW, frozenset({Role.DISTRICT_BUREAU})),
    ("district_decline", S.DISTRICT_REVIEW): (S.NOT_RECOMMENDED, frozenset({Role.DISTRICT_BUREAU})),
    ("request_correction", S.AGENCY_REVIEW): (S.CORRECTION, AGENCY),
    ("approve", S.AGENCY_REVIEW): (S.APPROVED, AGENCY),
    ("pay", S.APPROVED): (S.PAID, frozenset({Role.APPLICANT, SYSTEM})),
    # the presiding expert closes the ballot; only paid applications are evaluated.
    ("pass_evaluation", S.PAID): (S.PASSED, frozenset({Role.EXPERT})),
    ("fail_evaluation", S.PAID): (S.FAILED, frozenset({Role.EXPERT})),
    # the bureau accepts, corrects and confirms.
    ("accept_result", S.PASSED): (S.ACCEPTED, frozenset({Role.BUREAU})),
    **{("correct_result", s): (S.FAILED, frozenset({Role.BUREAU})) for s in (S.PASSED, S.ACCEPTED)},
    ("confirm_result", S.ACCEPTED): (S.CONFIRMED, frozenset({Role.BUREAU})),
    ("revoke_title", S.CONFIRMED): (S.REVOKED, frozenset({Role.BUREAU})),
    # fraud found at any step after submission and before the certificate cancels the application.
    **{
        ("cancel_for_fraud", s): (S.CANCELLED, frozenset({Role.BUREAU}))
        for s in (
            S.SUBMITTED,
            S.RETURNED,
            S.UNIT_POSTING,
            S.DISTRICT_REVIEW,
            S.AGENCY_REVIEW,
            S.CORRECTION,
            S.APPROVED,
            S.PAID,
            S.PASSED,
            S.ACCEPTED,
            S.CONFIRMED,
        )
    },
    # missed deadlines end the application; only the scheduled task decides that.
    **{
        ("abandon", s): (S.ABANDONED, frozenset({SYSTEM}))
        for s in (S.DRAFT, S.RETURNED, S.SUBMITTED, S.UNIT_POSTING, S.CORRECTION, S.APPROVED)
    },
}
REACHABLE = {S.DRAFT} | {target for target, _ in GRAPH.values()}

ROLES: list[Role | None] = [*Role, SYSTEM]
step = st.tuples(st.sampled_from(sorted(lifecycle.MOVES)), st.sampled_from(ROLES))
steps = st.lists(step, max_size=15)
fast = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def actors(db):
    """One user per role, shared by the examples; None is the system."""
    return {role: UserFactory(role=role) for role in Role} | {SYSTEM: None}


@pytest.fixture
def fresh_application(db):
    """Makes a new draft per example, of a new applicant (one active application per person and year)."""
    first = ApplicationFactory()

    def make() -> Application:
        return ApplicationFactory(
            applicant=UserFactory(role=Role.APPLICANT), plan=first.plan, committee=first.committee, unit=first.unit
        )

    return make


def stored(application: Application) -> tuple[str, datetime.date | None, int]:
    row = Application.objects.values("status", "due_on").get(pk=application.pk)
    return row["status"], row["due_on"], history_for(application).count()


def test_the_graph_written_here_is_the_graph_move_follows():
    implemented = {(m.name, source): (m.target, m.actors) for m in lifecycle.MOVES.values() for source in m.sources}
    assert implemented == GRAPH


def legal_steps(status: str) -> list[tuple[str, Role | None]]:
    return [(name, role) for (name, source), (_, roles) in GRAPH.items() if source == status for role in roles]


@fast
@given(data=st.data(), length=st.integers(min_value=0, max_value=15))
def test_random_moves_by_random_roles_stay_on_the_graph_and_leave_one_event_each(
    actors, fresh_application, data, length
):
    application = fresh_application()
    due_on = datetime.date(2031, 1, 1)
    for _ in range(length):
        status_before, due_before, events_before = stored(application)
        # Half of the tries follow the graph, so that sequences get deep (agency review, payment); the rest are
        # any move by anyone.
        legal = legal_steps(status_before)
        name, role = data.draw(st.one_of(st.sampled_from(legal), step) if legal else step)
        edge = GRAPH.get((name, Status(status_before)))
        allowed = edge is not None and role in edge[1]
        try:
            lifecycle.move(application, name, by=actors[role], reason=f"{name} by {role}", due_on=due_on)
        except lifecycle.MoveNotAllowed:
            assert not allowed, f"{name} by {role} from {status_before} was refused"
            assert stored(application) == (status_before, due_before, events_before)
            assert application.status == status_before
        else:
            assert allowed, f"{name} by {role} from {status_before} was accepted"
            assert edge is not None
            assert stored(application) == (edge[0], due_on, events_before + 1)
            event = history_for(application).order_by("-id").first()
            assert event is not None
            assert (event.action, event.from_state, event.to_state) == (name, status_before, edge[0])
            assert event.actor == actors[role]
        assert application.status in Status.values
        assert application.status in REACHABLE


legal_path = st.lists(st.sampled_from(sorted({name for name, _ in GRAPH})), max_size=10)


@fast
@given(path=legal_path, attempts=steps)
def test_r43_abandoned_is_final_for_any_sequence(actors, fresh_application, path, attempts):
    application = fresh_application()
    # Walk the graph (skipping moves that do not start where the application is), then let the system abandon it.
    for name in path:
        edge = GRAPH.get((name, Status(application.status)))
        if edge is not None and name != "abandon":
            lifecycle.move(application, name, by=actors[next(r for r in ROLES if r in edge[1])])
    if ("abandon", Status(application.status)) not in GRAPH:
        return  # agency review and paid are never abandoned; the first test covers those refusals
    lifecycle.move(application, "abandon", by=None, reason="补正逾期未提交")
    frozen = stored(application)
    assert frozen[0] == Status.ABANDONED

    for name, role in [*attempts, ("abandon", SYSTEM), ("submit", Role.APPLICANT)]:
        with pytest.raises(lifecycle.MoveNotAllowed):
            lifecycle.move(application, name, by=actors[role], due_on=datetime.date(2031, 1, 1))
        assert stored(application) == frozen


def test_a_stale_copy_cannot_move_what_someone_else_already_moved(actors, fresh_application):
    application = fresh_application()
    lifecycle.move(application, "submit", by=application.applicant)
    stale = Application.objects.get(pk=application.pk)
    lifecycle.move(application, "start_posting", by=actors[Role.UNIT_HR])
    before = stored(application)

    with pytest.raises(lifecycle.MoveNotAllowed, match="单位公示中"):
        lifecycle.move(stale, "unit_return", by=actors[Role.UNIT_HR], reason="材料不全")

    assert stored(application) == before
    assert stale.status == Status.UNIT_POSTING
