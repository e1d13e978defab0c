"""Who sits on the committee is closed information (R-73): experts never see other experts' seats."""

import pytest
from django.http import Http404
from django.urls import reverse

from zhicheng.evaluations import selectors, services
from zhicheng.evaluations.tests.conftest import API, BASE_URL, new_session
from zhicheng.evaluations.tests.factories import paid_application
from zhicheng.experts.models import ExpertStatus
from zhicheng.experts.tests.factories import ExpertFactory


def test_r73_expert_cannot_open_the_session_page_or_its_api(client, confirmed):
    seat = confirmed.seats.select_related("expert__user").first()
    client.force_login(seat.expert.user)

    assert client.get(reverse("evaluations:session", args=[confirmed.pk])).status_code == 403
    assert client.get(reverse("evaluations:draw_record", args=[confirmed.draws.get().pk])).status_code == 403
    assert client.get(f"{API}/sessions/{confirmed.pk}").status_code == 403
    assert client.get(f"{API}/draws/{confirmed.draws.get().pk}/record").status_code == 403


def test_r73_expert_pages_name_no_other_expert(client, confirmed):
    me, *others = confirmed.seats.select_related("expert__user").order_by("id")
    client.force_login(me.expert.user)

    pages = [
        client.get(reverse("evaluations:expert_home")).content.decode(),
        client.get(reverse("evaluations:entries", args=[confirmed.pk])).content.decode(),
        client.get(f"{API}/mine").content.decode(),
        client.get(f"{API}/mine/{confirmed.pk}/entries").content.decode(),
    ]

    for page in pages:
        for other in others:
            assert other.expert.name not in page


def test_r73_expert_reaches_a_session_only_through_their_own_seat(confirmed, drawn_elsewhere):
    me = confirmed.seats.select_related("expert__user").first().expert.user

    assert selectors.get_session_for(me, confirmed.pk) == confirmed
    assert list(selectors.list_sessions_for(me)) == [confirmed]
    with pytest.raises(Http404):
        selectors.get_session_for(me, drawn_elsewhere.pk)
    with pytest.raises(Http404):
        selectors.get_managed_session_for(me, confirmed.pk)
    with pytest.raises(Http404):
        selectors.get_own_seat(me, drawn_elsewhere.pk)


def test_r73_declined_expert_loses_access(client, drawn):
    seat = drawn.seats.select_related("expert__user").first()
    client.force_login(seat.expert.user)
    client.post(reverse("evaluations:respond", args=[drawn.pk]), {"action": "decline"})

    with pytest.raises(Http404):
        selectors.get_session_for(seat.expert.user, drawn.pk)
    assert client.get(reverse("evaluations:entries", args=[drawn.pk])).status_code == 404


@pytest.fixture
def drawn_elsewhere(confirmed, agency, committee, plan, bureau):
    """A second session of the committee, drawn from five new experts (the first pool has retired)."""
    paid_application(committee, plan, name="孙七")
    committee.series.experts.update(status=ExpertStatus.RETIRED)
    for _ in range(5):
        ExpertFactory(series=committee.series)
    session = new_session(agency, committee, name="第二次评审会")
    services.request_draw(session, by=agency)
    services.draw_experts(session, by=bureau, base_url=BASE_URL)
    return session
