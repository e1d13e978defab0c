"""Arrangements for panel tests: a session with panels formed, a series standard, a submitted version."""

import datetime

from django.utils import timezone

from zhicheng.applications.models import Application, ApplicationVersion
from zhicheng.applications.snapshots import build_snapshot, digest
from zhicheng.evaluations.models import EvaluationSession, SessionApplication
from zhicheng.evaluations.tests.factories import session_with_roster
from zhicheng.panels import services
from zhicheng.panels.models import PanelMember
from zhicheng.panels.standards import add_default_standard


def submitted_version(application: Application) -> ApplicationVersion:
    """Freeze the application as its first submitted version (what experts read)."""
    snapshot = build_snapshot(application)
    return ApplicationVersion.objects.create(
        application=application, number=1, created_at=timezone.now(), snapshot=snapshot, digest=digest(snapshot)
    )


def session_with_panels(*, experts: int = 6, applications: int = 4, panels: int = 2, **kwargs: object):
    """A roster-filed session with the series' default standard and `panels` panels formed by its agency."""
    session = session_with_roster(experts=experts, applications=applications, **kwargs)
    add_default_standard(session.committee.series)
    services.form_panels(session, by=session.created_by, panel_count=panels)
    return session


def members(panel) -> list[PanelMember]:
    return list(panel.members.select_related("seat__expert__user").order_by("-is_leader", "id"))


def entries(panel) -> list[SessionApplication]:
    return list(panel.entries.select_related("application__applicant").order_by("application_id"))


def tomorrow_at(hour: int, minute: int = 0) -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )


def full_marks(session: EvaluationSession) -> dict[int, str]:
    """A complete set of marks on the session's series standard: 80 points and 优秀."""
    points = {"专业理论水平": "16", "专业技术能力": "24", "业绩成果": "32", "答辩（述职）表现": "8"}
    return {
        item.pk: points.get(item.name, "excellent")
        for item in session.committee.series.scoring_items.order_by("sort_order")
    }
