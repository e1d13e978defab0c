"""Access-checked reads of re-check requests: 404 for "not yours" and "does not exist" alike."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application
from zhicheng.rechecks.models import Recheck, RecheckStatus

# District bureaus run the junior engineering committees of their district like an agency.
AGENCY_ROLES = (Role.AGENCY, Role.DISTRICT_BUREAU)


def is_agency_of(user: User, application: Application) -> bool:
    """The user works for the agency that runs the application's committee."""
    return (
        user.role in AGENCY_ROLES
        and user.organization_id is not None
        and user.organization_id == application.committee.agency_id
    )


def _scope(user: User) -> Q | None:
    if user.role == Role.APPLICANT:
        return Q(application__applicant=user)
    if user.role in AGENCY_ROLES and user.organization_id is not None:
        return Q(application__committee__agency_id=user.organization_id)
    if user.role == Role.BUREAU:
        return Q()
    return None


def _rechecks(user: User) -> QuerySet[Recheck]:
    scope = _scope(user) if user.is_authenticated else None
    rechecks = Recheck.objects.select_related(
        "application__applicant", "application__plan", "application__committee", "answered_by"
    )
    return rechecks.none() if scope is None else rechecks.filter(scope)


def get_own_application(user: User, pk: int) -> Application:
    """The applicant's own application, to ask for a re-check of it; 404 for anyone else's."""
    application = (
        Application.objects.select_related("plan", "committee").filter(pk=pk, applicant=user).first()
        if user.role == Role.APPLICANT
        else None
    )
    if application is None:
        raise Http404("未找到该申报，或您无权访问")
    return application


def get_recheck_for(user: User, pk: int) -> Recheck:
    """A request for its applicant, the agency of the committee, or the bureau."""
    recheck = _rechecks(user).filter(pk=pk).first()
    if recheck is None:
        raise Http404("未找到该复查申请，或您无权访问")
    return recheck


def get_recheck_to_answer(user: User, pk: int) -> Recheck:
    """A request for the agency of the committee only."""
    recheck = get_recheck_for(user, pk)
    if not is_agency_of(user, recheck.application):
        raise Http404("未找到该复查申请，或您无权访问")
    return recheck


def list_own_rechecks(user: User) -> QuerySet[Recheck]:
    if user.role != Role.APPLICANT:
        return Recheck.objects.none()
    return _rechecks(user)


def queue_for(user: User) -> QuerySet[Recheck]:
    """The agency's requests (all of them for the bureau): open ones first, earliest deadline first."""
    if user.role == Role.APPLICANT:
        return Recheck.objects.none()
    open_first = Case(When(status=RecheckStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return _rechecks(user).order_by(open_first, "due_on", "id")
