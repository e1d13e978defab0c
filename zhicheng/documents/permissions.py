"""Who may download an application's documents: they carry the full ID number, so only the applicant."""

from django.contrib.auth.models import AnonymousUser

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application


def can_download_documents(user: User | AnonymousUser, application: Application) -> bool:
    return bool(user.is_authenticated and application.applicant_id == user.pk)
