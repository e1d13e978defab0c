"""Closed management (R-73): an expert sees only their own panel; only the agency and the bureau see who sits where."""

from django.urls import reverse

from zhicheng.applications.tests.factories import attach
from zhicheng.evaluations.models import Conflict, ConflictSource
from zhicheng.materials.models import AttachmentKind
from zhicheng.panels import selectors
from zhicheng.panels.tests.factories import entries, members, submitted_version

API = "/api/v1/panels"


def test_r73_an_expert_lists_only_the_entries_of_their_panel(session, panel_a, panel_b):
    expert = members(panel_a)[1].seat.expert.user

    listed = list(selectors.entries_for_expert(expert, session))

    assert listed == entries(panel_a)
    assert not set(listed) & set(entries(panel_b))


def test_r73_an_expert_of_panel_a_gets_404_for_an_entry_of_panel_b(client, panel_a, panel_b):
    client.force_login(members(panel_a)[1].seat.expert.user)
    foreign = entries(panel_b)[0]

    assert client.get(reverse("panels:review", args=[foreign.pk])).status_code == 404
    assert client.get(f"{API}/entries/{foreign.pk}").status_code == 404
    assert client.get(reverse("panels:review", args=[entries(panel_a)[0].pk])).status_code == 200


def test_r73_an_expert_never_sees_who_sits_in_another_panel(client, panel_a, panel_b):
    client.force_login(members(panel_a)[1].seat.expert.user)

    page = client.get(reverse("panels:my_panel")).content.decode()
    body = client.get(f"{API}/mine").json()

    for other in members(panel_b):
        assert other.seat.expert.name not in page
        assert other.seat.expert.name not in str(body)
    assert members(panel_a)[0].seat.expert.name in page
    assert [e["id"] for e in body[0]["entries"]] == [e.pk for e in entries(panel_a)]


def test_r73_experts_and_applicants_get_404_on_the_composition(client, session, panel_a, zhang_san):
    for user in (members(panel_a)[0].seat.expert.user, zhang_san):
        client.force_login(user)
        assert client.get(reverse("panels:manage", args=[session.pk])).status_code == 404


def test_r73_an_applicant_gets_404_on_expert_pages(client, panel_a, zhang_san):
    own = entries(panel_a)[0]
    client.force_login(own.application.applicant)

    assert client.get(reverse("panels:my_panel")).status_code == 404
    assert client.get(reverse("panels:review", args=[own.pk])).status_code == 404
    assert client.post(reverse("panels:opinion", args=[own.pk]), {"text": "x"}).status_code == 404


def test_r73_another_agency_gets_404_and_the_bureau_reads_without_actions(client, session, other_agency, bureau):
    client.force_login(other_agency)
    assert client.get(reverse("panels:manage", args=[session.pk])).status_code == 404
    assert client.get(f"{API}/sessions/{session.pk}").status_code == 404
    assert client.post(reverse("panels:form", args=[session.pk]), {"panel_count": 1}).status_code == 404

    client.force_login(bureau)
    page = client.get(reverse("panels:manage", args=[session.pk]))
    assert page.status_code == 200
    assert "组建评议组（R-65）" not in page.content.decode()
    assert client.post(reverse("panels:form", args=[session.pk]), {"panel_count": 1}).status_code == 404


def test_r74_an_expert_without_the_confidentiality_agreement_sees_no_entry(client, session, panel_a):
    expert = members(panel_a)[1].seat.expert
    expert.confidentiality_signed_at = None
    expert.save(update_fields=["confidentiality_signed_at"])
    client.force_login(expert.user)

    assert list(selectors.entries_for_expert(expert.user, session)) == []
    assert "请先签署保密协议" in client.get(reverse("panels:my_panel")).content.decode()
    response = client.get(reverse("panels:review", args=[entries(panel_a)[0].pk]))
    assert response.status_code == 302
    assert client.get(f"{API}/entries/{entries(panel_a)[0].pk}").status_code == 404


def test_r73_attachments_download_only_for_the_panel_and_never_id_papers(client, panel_a, panel_b):
    entry = entries(panel_a)[0]
    achievement = attach(entry.application, AttachmentKind.ACHIEVEMENT)
    id_card = attach(entry.application, AttachmentKind.ID_DOCUMENT)
    submitted_version(entry.application)
    url = reverse("panels:attachment", args=[entry.pk, achievement.pk])

    client.force_login(members(panel_a)[1].seat.expert.user)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("panels:attachment", args=[entry.pk, id_card.pk])).status_code == 404
    assert client.get(f"{API}/entries/{entry.pk}/files/{achievement.pk}").status_code == 200

    client.force_login(members(panel_b)[0].seat.expert.user)
    assert client.get(url).status_code == 404


def test_r64_a_recused_expert_sees_no_materials_of_that_entry(client, session, panel_a):
    entry = entries(panel_a)[0]
    achievement = attach(entry.application, AttachmentKind.ACHIEVEMENT)
    submitted_version(entry.application)
    member = members(panel_a)[1]
    Conflict.objects.create(
        session=session, expert=member.seat.expert, entry=entry, source=ConflictSource.SAME_UNIT, reason="同一单位"
    )
    client.force_login(member.seat.expert.user)

    page = client.get(reverse("panels:review", args=[entry.pk])).content.decode()

    assert "您已回避该申报" in page
    assert achievement.original_name not in page
    assert client.get(reverse("panels:attachment", args=[entry.pk, achievement.pk])).status_code == 404
