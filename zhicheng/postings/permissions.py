"""Who may handle complaints and fetch result letters."""

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, EmploymentType
from zhicheng.postings.models import Complaint, PostedResult


def can_handle_complaint(user: User, complaint: Complaint) -> bool:
    """The bureau, or the review agency of the committee that evaluated the application."""
    if user.role == Role.BUREAU:
        return True
    return (
        user.role == Role.AGENCY
        and user.organization_id is not None
        and user.organization_id == complaint.posted.application.committee.agency_id
    )


def can_resolve_as_founded(user: User) -> bool:
    """Only the bureau corrects a result after a founded complaint (R-82)."""
    return user.role == Role.BUREAU


def can_download_letter(user: User, posted: PostedResult) -> bool:
    """The bureau, or HR staff of the entrusting unit."""
    if user.role == Role.BUREAU:
        return True
    return (
        user.role == Role.UNIT_HR
        and user.organization_id is not None
        and user.organization_id == posted.application.unit_id
    )


def is_entrusted(application: Application) -> bool:
    """Central-government units entrust the evaluation and get the result back (R-83, 001 五(二))."""
    if application.employment_type == EmploymentType.CENTRAL_UNIT:
        return True
    return application.unit is not None and application.unit.needs_entrustment
