"""The holder's view of who looked up their certificates (as the national platform shows it)."""

from django.db.models import QuerySet
from django.http import Http404

from zhicheng.accounts.models import User
from zhicheng.certificates.models import Certificate
from zhicheng.verification.models import Lookup


def certificates_of(user: User) -> QuerySet[Certificate]:
    return Certificate.objects.filter(holder=user).order_by("-issued_at", "-id")


def get_certificate_for_holder(user: User, pk: int) -> Certificate:
    """One of the user's own certificates; 404 for another's and for a missing one alike."""
    certificate = certificates_of(user).filter(pk=pk).first()
    if certificate is None:
        raise Http404("未找到该证书")
    return certificate


def list_lookups_for(user: User, certificate: Certificate | None = None) -> QuerySet[Lookup]:
    """Every lookup of the user's certificates (or of one of them), newest first."""
    lookups = Lookup.objects.filter(certificate__holder=user).select_related("certificate")
    if certificate is not None:
        lookups = lookups.filter(certificate=certificate)
    return lookups.order_by("-at", "-id")
