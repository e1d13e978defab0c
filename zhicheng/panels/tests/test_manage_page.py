"""The agency's panels page: composition, progress and defenses in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhicheng.evaluations.models import SessionApplication
from zhicheng.evaluations.tests.factories import paid_application
from zhicheng.panels import services
from zhicheng.panels.tests.factories import entries, full_marks, members, session_with_panels, tomorrow_at


def _queries(client, session) -> int:
    client.force_login(session.created_by)
    url = reverse("panels:manage", args=[session.pk])
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _busy(session, panel):
    """Scores, an opinion and defenses in the panel, so every column has something to show."""
    entry = entries(panel)[0]
    for member in members(panel):
        services.save_scores(entry, by=member.seat.expert.user, marks=full_marks(session))
    services.write_opinion(entry, by=members(panel)[0].seat.expert.user, recommendation="support", text="建议通过")
    services.schedule_panel_defenses(
        panel, by=session.created_by, starts_at=tomorrow_at(8), minutes_each=5, place="一室"
    )


@pytest.mark.django_db
def test_the_manage_page_does_not_grow_with_entries(client):
    session = session_with_panels(experts=6, applications=3, panels=2)
    first, second = session.panels.order_by("id")
    _busy(session, first)
    with_three = _queries(client, session)

    for n in range(27):
        application = paid_application(session.committee, session.plan, name=f"追加申报人{n}")
        SessionApplication.objects.create(session=session, application=application, panel=(first, second)[n % 2])
    _busy(session, second)
    with_thirty = _queries(client, session)

    assert session.entries.count() == 30
    assert with_thirty == with_three


def test_the_manage_page_shows_composition_to_the_agency(client, session, agency, panel_a):
    client.force_login(agency)

    page = client.get(reverse("panels:manage", args=[session.pk])).content.decode()

    assert "第一评议组" in page
    assert "第二评议组" in page
    assert members(panel_a)[0].seat.expert.name in page
    assert entries(panel_a)[0].application.number in page
    assert "组建评议组（R-65）" in page


def test_forming_on_the_page_reports_the_refusal(client, session, agency):
    client.force_login(agency)

    response = client.post(reverse("panels:form", args=[session.pk]), {"panel_count": "3"}, follow=True)

    assert "至少需要9人" in response.content.decode()
    assert session.panels.count() == 2
