"""Posting accepted results (R-81), complaints during the posting (R-82), confirmation and result letters (R-83)."""

import datetime
import re
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Organization, OrgKind, Role, User
from zhicheng.applications import lifecycle
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.catalog.models import SENIOR_LEVELS
from zhicheng.core import ratelimit
from zhicheng.core.crypto import lookup_hash
from zhicheng.core.errors import DomainError, TooFrequent
from zhicheng.core.ratelimit import RateLimited, Rule
from zhicheng.evaluations.models import EvaluationSession
from zhicheng.materials.validation import MaterialError, check_upload
from zhicheng.notifications.services import queue_sms
from zhicheng.postings import selectors
from zhicheng.postings.models import Complaint, ComplaintStatus, PostedResult, ResultPosting
from zhicheng.postings.pdf import render_result_letter
from zhicheng.postings.permissions import can_handle_complaint, can_resolve_as_founded, is_entrusted
from zhicheng.workdays.services import CalendarDataMissing, is_workday, workday_span_end

BUREAU_NAME = "北京市人力资源和社会保障局"
COMPLAINTS_PER_REQUESTER_PER_DAY = 5
COMPLAINTS_PER_PHONE_PER_DAY = 3
COMPLAINTS_PER_REQUESTER = Rule(
    "complaint-client",
    limit=COMPLAINTS_PER_REQUESTER_PER_DAY,
    per_day=True,
    message=f"您今天已提交{COMPLAINTS_PER_REQUESTER_PER_DAY}件投诉举报，请明天再提交",
)
COMPLAINTS_PER_PHONE = Rule(
    "complaint-phone",
    limit=COMPLAINTS_PER_PHONE_PER_DAY,
    per_day=True,
    message=f"该联系电话今天已提交{COMPLAINTS_PER_PHONE_PER_DAY}件投诉举报，请明天再提交",
)
MAX_COMPLAINT_CHARS = 2000
PHONE = re.compile(r"1[3-9]\d{9}")


def day_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _require_bureau(by: User) -> None:
    if by.role != Role.BUREAU:
        raise DomainError("只有市人社局可以办理此事项")


def bureau_organization() -> Organization:
    """The city bureau, which posts senior results on its site (003)."""
    organization, _ = Organization.objects.get_or_create(name=BUREAU_NAME, defaults={"kind": OrgKind.BUREAU})
    return organization


def publisher_for(application: Application, bureau: Organization) -> Organization:
    """Senior results are posted by the bureau, intermediate and junior ones by the committee's agency (R-81)."""
    return bureau if application.level in SENIOR_LEVELS else application.committee.agency


# Posting


def _posting_period(session: EvaluationSession, starts_on: datetime.date) -> datetime.date:
    if starts_on < timezone.localdate():
        raise DomainError("公示开始日期不能早于今天", rule="R-81", field="starts_on")
    try:
        if not is_workday(starts_on):
            raise DomainError(f"{day_label(starts_on)}不是工作日，公示须从工作日开始", rule="R-81", field="starts_on")
        return workday_span_end(starts_on, session.plan.result_posting_workdays)
    except CalendarDataMissing as exc:
        raise DomainError(str(exc), rule="R-04", field="starts_on") from exc


@transaction.atomic
def post_results(session: EvaluationSession, *, by: User, starts_on: datetime.date) -> list[ResultPosting]:
    """Post every accepted, not yet posted result of the session, one posting per publisher; SMS each applicant."""
    _require_bureau(by)
    session = EvaluationSession.objects.select_for_update().select_related("plan").get(pk=session.pk)
    ends_on = _posting_period(session, starts_on)
    applications = list(selectors.unposted_accepted(session).order_by("id"))
    if not applications:
        raise DomainError("该评审会没有待公示的已验收评审结果", rule="R-81")
    bureau = bureau_organization()
    groups: dict[int, tuple[Organization, list[Application]]] = {}
    for application in applications:
        publisher = publisher_for(application, bureau)
        groups.setdefault(publisher.pk, (publisher, []))[1].append(application)
    postings = []
    for publisher, members in groups.values():
        posting = ResultPosting.objects.create(
            session=session, publisher=publisher, starts_on=starts_on, ends_on=ends_on, created_by=by
        )
        PostedResult.objects.bulk_create([PostedResult(posting=posting, application=a) for a in members])
        audit.record(
            posting,
            by=by,
            action="post_results",
            to_state="posted",
            data={"applications": [a.pk for a in members], "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
        for application in members:
            _notify_posted(application, posting)
        postings.append(posting)
    return postings


def _notify_posted(application: Application, posting: ResultPosting) -> None:
    phone = application.applicant.phone
    if not phone:
        return
    params = {
        "name": application.applicant.real_name,
        "number": application.number,
        "start": day_label(posting.starts_on),
        "end": day_label(posting.ends_on),
    }
    queue_sms(phone, "result_posted", params, about=application)


# Complaints


def _check_complaint_fields(contact_name: str, contact_phone: str, text: str) -> None:
    if not contact_name:
        raise DomainError("请填写联系人姓名", field="contact_name")
    if len(contact_name) > 60:
        raise DomainError("联系人姓名不能超过60个字", field="contact_name")
    if not PHONE.fullmatch(contact_phone):
        raise DomainError("请填写正确的11位手机号码", field="contact_phone")
    if not text:
        raise DomainError("请填写投诉举报的具体内容", field="text")
    if len(text) > MAX_COMPLAINT_CHARS:
        raise DomainError(f"投诉举报内容不能超过{MAX_COMPLAINT_CHARS}个字", field="text")


@transaction.atomic
def file_complaint(
    posted: PostedResult,
    *,
    contact_name: str,
    contact_phone: str,
    text: str,
    evidence: File[bytes] | None,
    requester: str,
) -> Complaint:
    """Take a public complaint about a posted result while its posting runs, within the daily limits."""
    today = timezone.localdate()
    posting = posted.posting
    if posted.withdrawn_at is not None:
        raise DomainError("该评审结果已撤销公示，不再受理投诉举报", rule="R-82")
    if not posting.is_running_on(today):
        period = f"{day_label(posting.starts_on)}至{day_label(posting.ends_on)}"
        raise DomainError(f"该公示的公示期为{period}，仅在公示期内受理投诉举报", rule="R-82")
    contact_name, contact_phone, text = contact_name.strip(), contact_phone.strip(), text.strip()
    _check_complaint_fields(contact_name, contact_phone, text)
    requester_digest = lookup_hash(f"complaint-requester:{requester}")
    phone_hash = lookup_hash(contact_phone)
    try:
        ratelimit.check(COMPLAINTS_PER_REQUESTER, requester_digest)
    except RateLimited as limited:
        raise TooFrequent(limited.message, rule="R-82") from None
    try:
        ratelimit.check(COMPLAINTS_PER_PHONE, phone_hash)
    except RateLimited as limited:
        raise TooFrequent(limited.message, rule="R-82", field="contact_phone") from None
    complaint = Complaint(
        posted=posted,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_phone_hash=phone_hash,
        text=text,
        requester_digest=requester_digest,
    )
    if evidence is not None:
        try:
            checked = check_upload(evidence)
        except MaterialError as exc:
            raise MaterialError(exc.message, code=exc.code, rule=exc.rule, field="evidence") from exc
        complaint.evidence.save("evidence", checked.content, save=False)
        complaint.evidence_type = checked.content_type
    complaint.save()
    ratelimit.hit(COMPLAINTS_PER_REQUESTER, requester_digest)
    ratelimit.hit(COMPLAINTS_PER_PHONE, phone_hash)
    audit.record(complaint, by=None, action="file_complaint", to_state=ComplaintStatus.OPEN)
    return complaint


def _withdraw(posted: PostedResult, *, by: User, reason: str) -> None:
    """Take a result off its posting and correct it to failed (R-82)."""
    application = posted.application
    if application.status != Status.FAILED:
        try:
            lifecycle.move(application, "correct_result", by=by, reason=reason)
        except lifecycle.MoveNotAllowed as exc:
            raise DomainError(str(exc), rule="R-82") from exc
    posted.withdrawn_at = timezone.now()
    posted.save(update_fields=["withdrawn_at"])
    audit.record(posted, by=by, action="withdraw_result", from_state="posted", to_state="withdrawn", reason=reason)


@transaction.atomic
def resolve_complaint(complaint: Complaint, *, by: User, founded: bool, outcome: str) -> Complaint:
    """Record the re-check finding; a founded complaint (bureau only) corrects the result and withdraws it."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("posted__application__committee")
        .get(pk=complaint.pk)
    )
    if not can_handle_complaint(by, complaint):
        raise DomainError("您无权办理该投诉举报")
    if complaint.status != ComplaintStatus.OPEN:
        raise DomainError("该投诉举报已办结", rule="R-82")
    outcome = outcome.strip()
    if not outcome:
        raise DomainError("请填写核查结论", rule="R-82", field="outcome")
    if founded and not can_resolve_as_founded(by):
        raise DomainError(
            "投诉举报属实、需纠正评审结果的，由市人社局认定；评审机构可登记不属实的核查结论，或保留待市人社局办理",
            rule="R-82",
            field="founded",
        )
    if founded and complaint.posted.withdrawn_at is None:
        _withdraw(complaint.posted, by=by, reason=outcome)
    complaint.status = ComplaintStatus.FOUNDED if founded else ComplaintStatus.UNFOUNDED
    complaint.outcome = outcome
    complaint.handled_by = by
    complaint.handled_at = timezone.now()
    complaint.save(update_fields=["status", "outcome", "handled_by", "handled_at"])
    audit.record(
        complaint,
        by=by,
        action="resolve_complaint",
        from_state=ComplaintStatus.OPEN,
        to_state=complaint.status,
        reason=outcome,
    )
    return complaint


# Confirmation


def hold_reason(posted: PostedResult) -> str:
    """Why a result cannot be confirmed yet; posted must carry the open_complaints annotation."""
    application = posted.application
    if application.status != Status.ACCEPTED:
        return f"申报状态为“{application.get_status_display()}”，不能确认备案"
    open_complaints: int = getattr(posted, "open_complaints", 0)
    if open_complaints:
        return f"有{open_complaints}件投诉举报尚在核查中，办结后方可确认备案"
    return ""


@dataclass(frozen=True)
class Confirmation:
    confirmed: list[PostedResult]
    held: list[tuple[PostedResult, str]]


@transaction.atomic
def confirm_results(posting: ResultPosting, *, by: User) -> Confirmation:
    """After the posting, confirm and file every result without objection; letters go to entrusting units."""
    _require_bureau(by)
    posting = ResultPosting.objects.select_for_update().select_related("session").get(pk=posting.pk)
    if timezone.localdate() <= posting.ends_on:
        raise DomainError(f"公示期至{day_label(posting.ends_on)}，期满后方可确认备案", rule="R-83")
    pending = list(selectors.pending_results(posting).select_related("application__committee__series"))
    if not pending:
        raise DomainError("该公示没有待确认备案的评审结果", rule="R-83")
    confirmed: list[PostedResult] = []
    held: list[tuple[PostedResult, str]] = []
    for posted in pending:
        reason = hold_reason(posted)
        if reason:
            held.append((posted, reason))
        else:
            confirmed.append(posted)
    if confirmed:
        lifecycle.move_many([(p.application, "confirm_result", "公示期满无异议") for p in confirmed], by=by)
        now = timezone.now()
        for posted in confirmed:
            posted.confirmed_at = now
            if is_entrusted(posted.application):
                posted.letter.save("letter.pdf", ContentFile(render_result_letter(posted)), save=False)
        PostedResult.objects.bulk_update(confirmed, ["confirmed_at", "letter"])
    audit.record(
        posting,
        by=by,
        action="confirm_results",
        data={"confirmed": [p.application_id for p in confirmed], "held": [p.application_id for p, _ in held]},
    )
    return Confirmation(confirmed=confirmed, held=held)
