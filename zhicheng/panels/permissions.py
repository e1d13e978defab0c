"""Who may arrange panels and who may see their composition (R-73)."""

from zhicheng.accounts.models import Role, User
from zhicheng.evaluations.models import EvaluationSession


def is_session_agency(user: User, session: EvaluationSession) -> bool:
    """Staff of the agency that runs the session's committee."""
    return (
        user.is_active
        and user.role == Role.AGENCY
        and user.organization_id is not None
        and user.organization_id == session.committee.agency_id
    )


def can_see_composition(user: User, session: EvaluationSession) -> bool:
    """Only the committee's agency and the city bureau learn who sits in which panel."""
    return is_session_agency(user, session) or (user.is_active and user.role == Role.BUREAU)
