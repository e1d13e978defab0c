"""Who may see and change an application's materials. Views and the API ask only these predicates."""

from django.contrib.auth.models import AnonymousUser

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.applications.selectors import can_see_application
from zhicheng.materials.models import Attachment


def can_view_materials(user: User | AnonymousUser, application: Application) -> bool:
    """Whoever may see the application (applicant, its unit or association, its agency, the bureau)."""
    return isinstance(user, User) and can_see_application(user, application)


def can_change_materials(user: User | AnonymousUser, application: Application) -> bool:
    """Only the applicant, and only while the application is editable (R-22)."""
    return bool(user.is_authenticated and application.applicant_id == user.pk and application.is_editable)


def can_view_attachment(user: User | AnonymousUser, attachment: Attachment) -> bool:
    return can_view_materials(user, attachment.application)


def can_change_attachment(user: User | AnonymousUser, attachment: Attachment) -> bool:
    return attachment.is_current and can_change_materials(user, attachment.application)
