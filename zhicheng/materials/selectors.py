"""Access-checked loading of applications and attachments for the materials pages and API."""

from django.contrib.auth.models import AnonymousUser

from zhicheng.accounts.models import User
from zhicheng.applications.models import Achievement, Application
from zhicheng.materials.models import Attachment
from zhicheng.materials.permissions import can_view_attachment, can_view_materials


def find_application_for(user: User | AnonymousUser, pk: int) -> Application | None:
    """The application if the user may see its materials, else None (missing and not yours alike)."""
    application = Application.objects.select_related("plan").filter(pk=pk).first()
    if application is None or not can_view_materials(user, application):
        return None
    return application


def find_attachment_for(user: User | AnonymousUser, pk: int) -> Attachment | None:
    """The attachment if the user may see it, else None."""
    attachment = Attachment.objects.select_related("application__plan", "achievement").filter(pk=pk).first()
    if attachment is None or not can_view_attachment(user, attachment):
        return None
    return attachment


def find_achievement(application: Application, pk: int | None) -> Achievement | None:
    """An achievement of this application by id; None when no id is given or it belongs elsewhere."""
    if pk is None:
        return None
    return Achievement.objects.filter(pk=pk, application=application).first()
