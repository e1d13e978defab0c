"""Who may read a certificate's files."""

from zhicheng.accounts.models import Role, User
from zhicheng.certificates.models import Certificate


def can_download(user: User, certificate: Certificate) -> bool:
    """The holder and the city bureau; nobody else (R-90)."""
    if not user.is_active:
        return False
    if user.role == Role.BUREAU:
        return True
    return certificate.holder_id == user.pk
