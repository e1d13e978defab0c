"""Arrangements for acceptance tests: a session whose signed results the agency has reported to the bureau."""

from zhicheng.acceptance.checks import Check, acceptance_checks
from zhicheng.applications.models import Application
from zhicheng.audit import services as audit
from zhicheng.ballots import services as ballot_services
from zhicheng.ballots.tests.factories import PASSWORD, agency_of, closed, entries, seats
from zhicheng.evaluations import draw as draws
from zhicheng.evaluations.models import EvaluationSession


def recomputable_draws(session: EvaluationSession) -> None:
    """Give the session's draws a record that recomputes, with its commit and reveal audit events.

    The roster factory writes placeholder digests; this rewrites them as run_draw would have.
    """
    for draw in session.draws.all():
        draw.parameters = {"number": draw.number}
        draw.exclusions = []
        draw.pool_digest = draws.digest(draw.pool)
        draw.exclusions_digest = draws.digest([])
        draw.seed_commitment = draws.commitment(draw.seed)
        draw.result = draws.rank(draw.seed, draw.pool, draw.number)
        draw.save()
        committed = {
            "seed_commitment": draw.seed_commitment,
            "pool_digest": draw.pool_digest,
            "exclusions_digest": draw.exclusions_digest,
            "parameters": draw.parameters,
        }
        audit.record(draw, by=draw.drawn_by, action="commit_seed", data=committed)
        audit.record(draw, by=draw.drawn_by, action="reveal_seed", data={"seed": draw.seed, "result": draw.result})


def sign_all(session: EvaluationSession) -> None:
    for seat in seats(session):
        if seat.attended:
            ballot_services.sign_minutes(session, by=seat.expert.user, password=PASSWORD)


def reported(*, experts: int = 5, applications: int = 3) -> EvaluationSession:
    """A session whose every attending expert approved every applicant, signed and reported to the bureau."""
    session = closed(experts=experts, applications=applications)
    recomputable_draws(session)
    sign_all(session)
    ballot_services.report_results(session, by=agency_of(session))
    session.refresh_from_db()
    return session


def checks_by_code(session: EvaluationSession) -> dict[str, Check]:
    return {c.code: c for c in acceptance_checks(session)}


def applications(session: EvaluationSession) -> list[Application]:
    return [e.application for e in entries(session)]
