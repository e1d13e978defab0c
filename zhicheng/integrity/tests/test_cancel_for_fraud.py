"""R-24, R-25: the agency proposes, the bureau cancels for fraud; the applicant is blacklisted and told by SMS."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications import lifecycle
from zhicheng.applications.eligibility import RELATED_FOR_CHECK, check_application
from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import PNG_1PX, complete_application
from zhicheng.audit.services import history_for
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.integrity import fraud
from zhicheng.integrity.models import CaseStatus, FraudCase, IntegrityRecord, RecordKind, add_years
from zhicheng.integrity.services import active_record_for
from zhicheng.notifications.services import messages_about


@pytest.fixture
def proposal(in_review, reviewer):
    return fraud.propose_cancellation(
        in_review,
        by=reviewer,
        facts="专利ZL202110000001.X与他人申报重复，经核实系冒用他人专利",
        evidence=SimpleUploadedFile("核查记录.png", PNG_1PX),
    )


def test_r25_bureau_cancels_on_the_agencys_proposal_and_blacklists_the_applicant(proposal, officer, zhang_san):
    record = fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕9号")

    application = Application.objects.get(pk=proposal.application_id)
    today = timezone.localdate()
    assert application.status == Status.CANCELLED
    assert (record.kind, record.decision_number, record.application_id) == (
        RecordKind.APPLICANT_FRAUD,
        "京人社职称〔2026〕9号",
        application.pk,
    )
    assert (record.recorded_on, record.expires_on) == (today, add_years(today, 3))
    assert record.evidence_sha256 == proposal.evidence_sha256 != ""
    assert active_record_for(zhang_san.id_number, today) == record
    moves = [e.action for e in history_for(application)]
    assert moves[-1] == "cancel_for_fraud"
    sms = messages_about(application).get(template_id="application_cancelled")
    assert sms.params["decision"] == "京人社职称〔2026〕9号"
    assert [e.action for e in history_for(proposal)] == ["propose_cancellation", "cancel_for_fraud"]


def test_r25_serious_case_bars_promotion_for_three_years(proposal, officer):
    record = fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕10号", is_serious=True)

    assert record.promotion_barred_until == add_years(timezone.localdate(), 3)


def test_r24_next_years_application_is_refused_with_the_archives_reason_and_end(proposal, officer, zhang_san):
    record = fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕9号")
    next_year = complete_application(applicant=zhang_san, plan=PlanFactory(year=timezone.localdate().year + 1))

    loaded = Application.objects.select_related(*RELATED_FOR_CHECK).get(pk=next_year.pk)
    problems = [
        p for p in check_application(loaded, on=timezone.localdate() + datetime.timedelta(days=365)) if p.rule == "R-14"
    ]

    last_day = record.expires_on - datetime.timedelta(days=1)
    assert len(problems) == 1
    assert "冒用他人专利" in problems[0].message
    assert f"记录期至{last_day.year}年{last_day.month}月{last_day.day}日" in problems[0].message


def test_r25_only_the_bureau_decides(proposal, reviewer):
    with pytest.raises(fraud.FraudError, match="只有市人社局"):
        fraud.cancel_for_fraud(proposal, by=reviewer, decision_number="京人社职称〔2026〕9号")
    assert Application.objects.get(pk=proposal.application_id).status == Status.AGENCY_REVIEW
    assert not IntegrityRecord.objects.exists()


def test_r25_only_the_applications_agency_proposes(in_review, other_reviewer, zhang_san):
    for actor in (other_reviewer, zhang_san):
        with pytest.raises(fraud.FraudError):
            fraud.propose_cancellation(in_review, by=actor, facts="冒用")
    assert not FraudCase.objects.exists()


def test_r25_decision_needs_a_document_number_and_changes_nothing_without_one(proposal, officer):
    with pytest.raises(fraud.FraudError, match="文号"):
        fraud.cancel_for_fraud(proposal, by=officer, decision_number="  ")
    assert Application.objects.get(pk=proposal.application_id).status == Status.AGENCY_REVIEW
    assert not IntegrityRecord.objects.exists()


def test_r25_a_decided_proposal_cannot_be_decided_again(proposal, officer):
    fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕9号")
    with pytest.raises(fraud.FraudError, match="已取消申报资格"):
        fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕11号")
    assert IntegrityRecord.objects.count() == 1


def test_r25_dismissed_proposal_leaves_the_application_where_it_was(proposal, officer):
    fraud.dismiss_proposal(proposal, by=officer, note="经核实为合作成果，署名真实")

    proposal.refresh_from_db()
    assert proposal.status == CaseStatus.DISMISSED
    assert Application.objects.get(pk=proposal.application_id).status == Status.AGENCY_REVIEW
    assert not IntegrityRecord.objects.exists()


def test_r25_cancelled_is_final(proposal, officer):
    fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕9号")
    application = Application.objects.get(pk=proposal.application_id)
    for name, move in lifecycle.MOVES.items():
        actor = UserFactory(role=next(iter(a for a in move.actors if a))) if any(move.actors - {None}) else None
        with pytest.raises(lifecycle.MoveNotAllowed):
            lifecycle.move(application, name, by=actor)


def test_r25_evidence_must_be_a_real_document(in_review, reviewer):
    with pytest.raises(fraud.FraudError):
        fraud.propose_cancellation(
            in_review, by=reviewer, facts="冒用", evidence=SimpleUploadedFile("x.png", b"<html>not an image</html>")
        )
    assert not FraudCase.objects.exists()


def test_r25_a_bureau_user_cannot_cancel_a_draft(zhang_san, officer, plan, committee):
    draft = complete_application(applicant=zhang_san, plan=plan, committee=committee)
    agency_user = UserFactory(role=Role.AGENCY, organization=committee.agency)
    with pytest.raises(fraud.FraudError, match="不能提出取消申报资格"):
        fraud.propose_cancellation(draft, by=agency_user, facts="冒用")


def test_r103_the_cancellation_is_texted_to_the_applicants_registered_phone(proposal, officer, zhang_san):
    fraud.cancel_for_fraud(proposal, by=officer, decision_number="京人社职称〔2026〕9号")

    sms = messages_about(Application.objects.get(pk=proposal.application_id)).get(template_id="application_cancelled")
    assert sms.phone == zhang_san.phone
    assert set(sms.params) == {"name", "number", "decision", "until"}
    assert zhang_san.id_number not in str(sms.params)
