"""Access-checked reads of applications. Views load applications only through these functions."""

from django.db.models import Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, EmploymentType, Status

# Reviewers never see drafts; an agency sees an application once its unit has recommended it.
NOT_YET_WITH_AGENCY = [
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RETURNED,
    Status.UNIT_POSTING,
    Status.DISTRICT_REVIEW,
    Status.NOT_RECOMMENDED,
]
NOT_YET_WITH_DISTRICT = [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.UNIT_POSTING]


def _scope(user: User) -> Q | None:
    """The applications this user may see, as a filter; None for nothing."""
    if user.role == Role.APPLICANT:
        return Q(applicant=user)
    if user.role == Role.UNIT_HR and user.organization_id:
        # A unit's HR sees its staff's applications, never their own.
        return Q(unit_id=user.organization_id) & ~Q(status=Status.DRAFT) & ~Q(applicant=user)
    if user.role == Role.ASSOCIATION and user.organization_id:
        return (
            Q(association_id=user.organization_id, employment_type=EmploymentType.FREELANCER)
            & ~Q(status=Status.DRAFT)
            & ~Q(applicant=user)
        )
    if user.role == Role.AGENCY and user.organization_id:
        return Q(committee__agency_id=user.organization_id) & ~Q(status__in=NOT_YET_WITH_AGENCY)
    if user.role == Role.DISTRICT_BUREAU and user.organization is not None:
        # The junior engineering committees it runs, and the district's 直通车 applications (2021 公告 二.5).
        own_committees = Q(committee__agency_id=user.organization_id) & ~Q(status__in=NOT_YET_WITH_AGENCY)
        fast_track = Q(is_fast_track=True, unit__district_id=user.organization.district_id) & ~Q(
            status__in=NOT_YET_WITH_DISTRICT
        )
        return own_committees | fast_track if user.organization.district_id else own_committees
    if user.role == Role.BUREAU:
        return ~Q(status=Status.DRAFT)
    return None


def _visible_to(user: User) -> QuerySet[Application]:
    # Only the non-null foreign keys: each nullable one is a LEFT JOIN that PostgreSQL must plan on every request.
    applications = Application.objects.select_related("applicant", "plan", "committee__series", "committee__agency")
    scope = _scope(user) if user.is_authenticated else None
    return applications.none() if scope is None else applications.filter(scope)


def get_application_for(user: User, pk: int) -> Application:
    """The application if this user may see it; 404 for "not yours" and "does not exist" alike."""
    application = _visible_to(user).filter(pk=pk).first()
    if application is None:
        raise Http404("未找到该申报，或您无权访问")
    return application


def list_applications_for(user: User) -> QuerySet[Application]:
    return _visible_to(user).order_by("-plan__year", "-created_at")


def can_see_application(user: User, application: Application) -> bool:
    """The same rule as get_application_for, for an application already loaded (e.g. through an attachment)."""
    if not user.is_authenticated:
        return False
    scope = _scope(user)
    return scope is not None and Application.objects.filter(scope, pk=application.pk).exists()
