from django.contrib.auth.models import AnonymousUser

from zhicheng.accounts.models import User
from zhicheng.applications.models import Application
from zhicheng.documents.permissions import can_download_documents


def find_application_for(user: User | AnonymousUser, pk: int) -> Application | None:
    """The application if the user may download its documents, else None (missing and not yours alike)."""
    application = Application.objects.filter(pk=pk).first()
    if application is None or not can_download_documents(user, application):
        return None
    return application
