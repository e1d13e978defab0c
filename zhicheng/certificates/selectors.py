"""Access-checked getters and list queries for certificates and issue batches."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.models import Plan
from zhicheng.certificates.models import BatchStatus, Certificate, CertificateStatus, IssueBatch
from zhicheng.certificates.permissions import can_download


def pending_applications(plan: Plan) -> QuerySet[Application]:
    """The plan's confirmed applications that have no certificate yet, oldest first."""
    return Application.objects.filter(plan=plan, status=Status.CONFIRMED, certificate__isnull=True).order_by("id")


def plans_with_pending() -> QuerySet[Plan]:
    """Plans with confirmed applications waiting for a certificate, annotated with `pending`."""
    waiting = Q(applications__status=Status.CONFIRMED, applications__certificate__isnull=True)
    return Plan.objects.annotate(pending=Count("applications", filter=waiting)).filter(pending__gt=0).order_by("-year")


def active_batch(plan: Plan) -> IssueBatch | None:
    return IssueBatch.objects.filter(plan=plan, status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]).first()


def batches() -> QuerySet[IssueBatch]:
    return IssueBatch.objects.select_related("plan", "created_by").order_by("-created_at", "-id")


def get_batch_for(user: User, pk: int) -> IssueBatch:
    """A batch for the city bureau; 404 for everyone else and for a missing one."""
    if user.role != Role.BUREAU:
        raise Http404
    batch = batches().filter(pk=pk).first()
    if batch is None:
        raise Http404
    return batch


def certificates_of(user: User) -> QuerySet[Certificate]:
    """本人证书查询: the user's own certificates, newest first."""
    return Certificate.objects.filter(holder=user).order_by("-issued_at", "-id")


def get_certificate_for(user: User, pk: int) -> Certificate:
    """A certificate for its holder or the bureau; 404 for anyone else and for a missing one."""
    certificate = Certificate.objects.select_related("application").filter(pk=pk).first()
    if certificate is None or not can_download(user, certificate):
        raise Http404
    return certificate


def get_certificate_to_revoke(user: User, pk: int) -> Certificate:
    """A certificate the bureau may revoke (R-92); 404 for other roles."""
    if user.role != Role.BUREAU:
        raise Http404
    return get_certificate_for(user, pk)


def bureau_certificates(query: str = "") -> QuerySet[Certificate]:
    """Issued certificates, found by number or holder name."""
    found = Certificate.objects.select_related("batch").order_by("-issued_at", "-id")
    query = query.strip()
    if query:
        found = found.filter(Q(number__iexact=query) | Q(holder_name=query))
    return found


def revoked() -> QuerySet[Certificate]:
    return Certificate.objects.filter(status=CertificateStatus.REVOKED).order_by("revoked_at", "number")
