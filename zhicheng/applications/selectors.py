"""Access-checked reads of applications. Views load applications only through these functions."""

from django.db.models import QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.eligibility import RELATED_FOR_CHECK
from zhicheng.applications.models import Application


def _visible_to(user: User) -> QuerySet[Application]:
    applications = Application.objects.select_related(*RELATED_FOR_CHECK, "plan", "specialty", "committee__agency")
    if not user.is_authenticated:
        return applications.none()
    if user.role == Role.APPLICANT:
        return applications.filter(applicant=user)
    return applications.none()


def get_application_for(user: User, pk: int) -> Application:
    """The application if this user may see it; 404 for "not yours" and "does not exist" alike."""
    application = _visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404("未找到该申报，或您无权访问")
    return application


def list_applications_for(user: User) -> QuerySet[Application]:
    return _visible_to(user).order_by("-plan__year", "-created_at")
