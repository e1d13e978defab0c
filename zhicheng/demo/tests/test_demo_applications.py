"""The demo's applications: every state reached through the services and moves, with a sound audit chain."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from zhicheng.accounts.models import Role, User
from zhicheng.applications.eligibility import check_application
from zhicheng.applications.models import Application, Status
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import history_for
from zhicheng.materials.models import Attachment

pytestmark = pytest.mark.django_db


def test_applications_are_in_every_state(demo):
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {Status.DISTRICT_REVIEW, Status.NOT_RECOMMENDED} <= statuses
    # No committee has met yet: the demo's session waits for the bureau's draw.
    # Results come from the evaluation demo; the demo year has no fraud case (取消申报资格) yet.
    after_evaluation = {Status.PASSED, Status.FAILED, Status.ACCEPTED, Status.CONFIRMED, Status.REVOKED}
    assert statuses == set(Status) - after_evaluation - {Status.CANCELLED}


def test_one_applicant_at_least_has_not_applied_yet(demo):
    assert User.objects.filter(role=Role.APPLICANT, applications__isnull=True).exists()


def test_r20_some_drafts_show_eligibility_problems_and_some_are_ready_to_submit(demo):
    today = timezone.localdate()
    problems = [check_application(a, on=today) for a in Application.objects.filter(status=Status.DRAFT)]
    assert any(problems)
    assert not all(problems)
    rules = {p.rule for found in problems for p in found}
    assert {"R-20", "R-13"} <= rules


def test_submitted_applications_passed_eligibility_and_froze_a_version(demo):
    submitted = Application.objects.exclude(status=Status.DRAFT)
    assert submitted.exists()
    for application in submitted:
        assert application.version_count >= 1
        assert application.versions.count() == application.version_count
        assert history_for(application).filter(action="submit", actor=application.applicant).exists()


def test_later_states_were_reached_by_the_actors_moves_name(demo):
    actors = {
        "start_posting": {Role.UNIT_HR, Role.ASSOCIATION},
        "recommend": {Role.UNIT_HR, Role.ASSOCIATION},
        "unit_return": {Role.UNIT_HR, Role.ASSOCIATION},
        "recommend_to_district": {Role.UNIT_HR},
        "district_recommend": {Role.DISTRICT_BUREAU},
        "district_decline": {Role.DISTRICT_BUREAU},
        "request_correction": {Role.AGENCY, Role.DISTRICT_BUREAU},
        "approve": {Role.AGENCY, Role.DISTRICT_BUREAU},
    }
    for action, roles in actors.items():
        events = AuditEvent.objects.filter(object_type="applications.application", action=action)
        assert events.exists(), action
        assert {e.actor.role for e in events} <= roles, action
    # The payment gateway's notification and the nightly deadline job are the system's moves.
    for action in ("pay", "abandon"):
        events = AuditEvent.objects.filter(object_type="applications.application", action=action)
        assert events.exists(), action
        assert all(e.actor is None for e in events), action


def test_uploaded_materials_are_real_png_and_pdf_files(demo):
    attachments = Attachment.objects.all()
    assert {a.content_type for a in attachments} == {"image/png", "application/pdf"}
    for attachment in attachments[:20]:
        path = demo.media / attachment.file.name
        if attachment.content_type == "image/png":
            with Image.open(path) as image:
                image.verify()
        else:
            content = path.read_bytes()
            assert content.startswith(b"%PDF-")
            assert b"%%EOF" in content[-32:]


def test_verify_audit_passes_after_loading(demo, capsys):
    call_command("verify_audit")
    assert "审计记录完整" in capsys.readouterr().out
