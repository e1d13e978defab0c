"""The meeting (R-68), the secret ballot (R-69, R-70), the announced results and the signed minutes (R-71, R-72).

How the ballot stays secret:

1. Casting seals the voter's whole sheet in one encrypted envelope (ballot_box.seal); the key is outside the
   database. Who has voted is Seat.has_voted, written in its own query. The voter gets a receipt code that is
   never stored (receipts.py).
2. Closing opens every envelope in the closing transaction and inserts the ballots and the receipt commitments
   each in their own random order with fresh random keys (ballot_box.open_box). A Ballot row is an entry and
   a choice; nothing in it is shared with another ballot of the same voter or with a commitment.
3. The audit trail records that an expert voted ("cast_ballot"), never how; a receipt check answers
   recorded / counted, never the choices.
"""

import hashlib
from collections.abc import Mapping

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import User
from zhicheng.applications import lifecycle as application_lifecycle
from zhicheng.audit import services as audit
from zhicheng.ballots import ballot_box, receipts, selectors, tally
from zhicheng.ballots.models import Choice, Minutes, Remark, Signature, VoteResult
from zhicheng.ballots.pdf import render_minutes_pdf
from zhicheng.core.errors import DomainError
from zhicheng.evaluations import lifecycle
from zhicheng.evaluations.models import (
    EvaluationSession,
    Seat,
    SeatRole,
    SeatStatus,
    SessionApplication,
    SessionStatus,
)

EDITABLE_MINUTES = frozenset({SessionStatus.MEETING, SessionStatus.VOTING, SessionStatus.CLOSED})


class BallotError(DomainError):
    """A refused meeting, ballot or minutes action, with the rule concerned."""


def _locked(session: EvaluationSession) -> EvaluationSession:
    """Re-read the session under a row lock: casting, closing and signing run one at a time per session."""
    return EvaluationSession.objects.select_for_update().select_related("committee", "plan").get(pk=session.pk)


def _require_agency(session: EvaluationSession, by: User) -> None:
    if not selectors.is_agency_of(by, session):
        raise BallotError("只有本评委会的评审服务机构可以执行此操作")


def _require_presider(session: EvaluationSession, by: User) -> Seat:
    seat = selectors.presiding_seat(session)
    if seat is None or seat.expert.user_id != by.pk:
        raise BallotError("只有主持会议的主任委员或副主任委员可以执行此操作", rule="R-71")
    return seat


# The meeting


@transaction.atomic
def record_attendance(session: EvaluationSession, attending_seat_ids: set[int], *, by: User) -> int:
    """Mark every sitting expert present or absent before the meeting opens; returns how many attend."""
    session = _locked(session)
    _require_agency(session, by)
    if session.status != SessionStatus.ROSTER_FILED:
        raise BallotError("只能在评审会议召开前登记专家出席情况", rule="R-68")
    seats = selectors.sitting_seats(session)
    unknown = attending_seat_ids - set(seats.values_list("pk", flat=True))
    if unknown:
        raise BallotError("出席名单中有不属于本次评审会的专家", rule="R-68", field="attending")
    seats.filter(pk__in=attending_seat_ids).update(attended=True)
    seats.exclude(pk__in=attending_seat_ids).update(attended=False)
    total = seats.count()
    audit.record(
        session,
        by=by,
        action="record_attendance",
        data={"attending": len(attending_seat_ids), "absent": total - len(attending_seat_ids)},
    )
    return len(attending_seat_ids)


def quorum_rule(session: EvaluationSession) -> tally.Rule:
    return tally.Rule(session.plan.quorum_numerator, session.plan.quorum_denominator)


def pass_rule(session: EvaluationSession) -> tally.Rule:
    return tally.Rule(session.plan.pass_numerator, session.plan.pass_denominator)


def _presider_among(seats: list[Seat]) -> Seat | None:
    """The chair presides if present, else the first vice chair present (R-68)."""
    for role in (SeatRole.CHAIR, SeatRole.VICE_CHAIR):
        for seat in seats:
            if seat.role == role and seat.attended:
                return seat
    return None


@transaction.atomic
def open_meeting(session: EvaluationSession, *, by: User) -> Minutes:
    """Open the meeting if at least 2/3 of the committee attend with the chair or a vice chair (R-68)."""
    session = _locked(session)
    _require_agency(session, by)
    if session.status != SessionStatus.ROSTER_FILED:
        raise BallotError(f"评审会当前状态为“{session.get_status_display()}”，不能召开评审会议", rule="R-68")
    seats = list(selectors.sitting_seats(session).select_related("expert").order_by("id"))
    if any(s.attended is None for s in seats):
        raise BallotError("请先登记每位评审专家的出席情况", rule="R-68")
    attending = sum(1 for s in seats if s.attended)
    size = selectors.committee_size(session)
    rule = quorum_rule(session)
    if not tally.quorum_met(attending, size, rule):
        need = tally.least_reaching(size, rule)
        raise BallotError(
            f"出席专家{attending}人，未达到评委会{size}人的{rule.label}（至少{need}人），不能召开评审会议",
            rule="R-68",
        )
    presider = _presider_among(seats)
    if presider is None:
        raise BallotError("主任委员或副主任委员未出席，不能召开评审会议", rule="R-68")
    lifecycle.move(session, "open_meeting", by=by, reason=f"出席{attending}人，评委会{size}人")
    return Minutes.objects.create(session=session, chaired_by=presider, opened_at=timezone.now())


# The secret ballot


@transaction.atomic
def open_voting(session: EvaluationSession, *, by: User) -> EvaluationSession:
    session = _locked(session)
    _require_presider(session, by)
    return lifecycle.move(session, "open_voting", by=by)


def _check_choices(seat: Seat, choices: Mapping[int, str]) -> None:
    session_entries = set(SessionApplication.objects.filter(session_id=seat.session_id).values_list("pk", flat=True))
    recused = selectors.recused_entry_ids(seat)
    given = set(choices)
    if given & recused:
        raise BallotError("您已对其中的申报人回避，不能对其表决", rule="R-64", field="choices")
    if given - session_entries:
        raise BallotError("选票中有不属于本次评审会的申报", rule="R-70", field="choices")
    missing = session_entries - recused - given
    if missing:
        raise BallotError(f"请对全部申报人逐一表决，尚有{len(missing)}名未选择", rule="R-70", field="choices")
    if any(choice not in Choice.values for choice in choices.values()):
        raise BallotError("表决意见只能是同意、不同意或弃权", rule="R-69", field="choices")


@transaction.atomic
def cast_ballots(seat: Seat, choices: dict[int, str], *, by: User) -> str:
    """Cast the expert's whole ballot sheet in one go; returns the receipt code, which is never stored."""
    if seat.expert.user_id != by.pk:
        raise BallotError("只能由专家本人投票，不得委托他人代为投票", rule="R-70")
    session = _locked(seat.session)
    if session.status != SessionStatus.VOTING:
        raise BallotError("现在不在投票时间内，不能投票或补投", rule="R-70")
    seat.refresh_from_db(fields=["status", "attended", "has_voted"])
    if seat.status != SeatStatus.ACCEPTED or not seat.attended:
        raise BallotError("未出席评审会议的专家不能投票", rule="R-70")
    if seat.has_voted:
        raise BallotError("您已投票，每位专家只能投票一次", rule="R-70")
    _check_choices(seat, choices)
    # Compare-and-swap: of two concurrent submissions only one flips the flag.
    if Seat.objects.filter(pk=seat.pk, has_voted=False).update(has_voted=True) != 1:
        raise BallotError("您已投票，每位专家只能投票一次", rule="R-70")
    seat.has_voted = True
    code = receipts.new_code()
    ballot_box.seal(session, choices, receipts.secret_of(code))
    audit.record(session, by=by, action="cast_ballot")
    return code


def voting_progress(session: EvaluationSession) -> tuple[int, int]:
    """(voted, attending) for the presider's "已投票 n/m"."""
    seats = selectors.attending_seats(session)
    return seats.filter(has_voted=True).count(), seats.count()


def tally_session(session: EvaluationSession) -> list[tally.Outcome]:
    """Count the session's ballots against its attendance and recusals under the plan's pass rule (R-69)."""
    return tally.decide(
        selectors.entries(session).values_list("pk", flat=True),
        attending=selectors.attending_seats(session).count(),
        recused=selectors.recusals_per_entry(session),
        counts=tally.count_ballots(session),
        rule=pass_rule(session),
    )


@transaction.atomic
def close_voting(session: EvaluationSession, *, by: User, confirmed: bool = False) -> list[VoteResult]:
    """Close the vote, count it, decide each application and announce (R-69, R-71). There is no second round."""
    session = _locked(session)
    _require_presider(session, by)
    missing = selectors.not_voted(session)
    if session.status == SessionStatus.VOTING and missing and not confirmed:
        raise BallotError(
            f"尚有{len(missing)}位出席专家未投票；结束投票后不得补投，请确认后再结束投票", rule="R-70", field="confirm"
        )
    lifecycle.move(session, "close_voting", by=by, reason=f"未投票{len(missing)}人")
    ballot_box.open_box(session)
    outcomes = tally_session(session)
    now = timezone.now()
    results = VoteResult.objects.bulk_create(
        [
            VoteResult(
                entry_id=o.entry_id,
                attending=o.attending,
                recused=o.recused,
                approvals=o.count.approvals,
                disapprovals=o.count.disapprovals,
                abstentions=o.count.abstentions,
                rule_numerator=o.rule.numerator,
                rule_denominator=o.rule.denominator,
                passed=o.passed,
                decided_at=now,
            )
            for o in outcomes
        ]
    )
    applications = {
        e.pk: e.application for e in SessionApplication.objects.filter(session=session).select_related("application")
    }
    decisions = [
        (
            applications[o.entry_id],
            "pass_evaluation" if o.passed else "fail_evaluation",
            f"同意{o.count.approvals}票，出席专家{o.attending}人（回避{o.recused}人），通过比例{o.rule.label}",
        )
        for o in outcomes
    ]
    try:
        application_lifecycle.move_many(decisions, by=by)
    except application_lifecycle.MoveNotAllowed as exc:
        raise BallotError(str(exc), rule="R-69") from exc
    Minutes.objects.filter(session=session).update(closed_at=now)
    return results


# The minutes


def _editable_minutes(session: EvaluationSession, by: User) -> Minutes:
    _require_agency(session, by)
    minutes = Minutes.objects.filter(session=session).first()
    if minutes is None or session.status not in EDITABLE_MINUTES:
        raise BallotError("评审会议进行中至宣布结果后、专家签署前方可填写会议纪要", rule="R-72")
    if minutes.locked_at is not None or minutes.signatures.exists():
        raise BallotError("专家已开始签署会议纪要，内容不能再修改", rule="R-72")
    return minutes


@transaction.atomic
def save_remark(entry: SessionApplication, text: str, *, by: User) -> Remark:
    """Record the summary of the experts' remarks on one applicant (R-72)."""
    minutes = _editable_minutes(_locked(entry.session), by)
    text = text.strip()
    if not text:
        raise BallotError("请填写专家发言摘要", rule="R-72", field="text")
    remark, _ = Remark.objects.update_or_create(entry=entry, defaults={"minutes": minutes, "text": text})
    audit.record(minutes, by=by, action="save_remark", data={"entry": entry.pk})
    return remark


@transaction.atomic
def save_summary(session: EvaluationSession, summary: str, *, by: User) -> Minutes:
    """Record the overall summary of the meeting (R-72)."""
    minutes = _editable_minutes(_locked(session), by)
    minutes.summary = summary.strip()
    minutes.save(update_fields=["summary"])
    audit.record(minutes, by=by, action="save_summary")
    return minutes


@transaction.atomic
def sign_minutes(session: EvaluationSession, *, by: User, password: str) -> Signature:
    """An attending expert signs the minutes with their password; the last signature locks and archives them (R-71)."""
    session = _locked(session)
    seat = selectors.attending_seat_of(by, session)
    if seat is None:
        raise BallotError("只有出席会议的评审专家可以签署会议纪要", rule="R-71")
    if session.status != SessionStatus.CLOSED:
        raise BallotError("宣布表决结果后、纪要归档前方可签署会议纪要", rule="R-71")
    if Signature.objects.filter(seat=seat).exists():
        raise BallotError("您已签署会议纪要", rule="R-71")
    if not by.check_password(password):
        raise BallotError("密码不正确，未签署", rule="R-71", field="password")
    minutes = selectors.get_minutes(session)
    digest = selectors.minutes_record(minutes).digest
    signature = Signature.objects.create(minutes=minutes, seat=seat, content_digest=digest, signed_at=timezone.now())
    audit.record(minutes, by=by, action="sign_minutes", data={"content_digest": digest})
    if minutes.signatures.count() == selectors.attending_seats(session).count():
        _lock_minutes(session, minutes, digest, by=by)
    return signature


def _lock_minutes(session: EvaluationSession, minutes: Minutes, digest: str, *, by: User) -> None:
    """Make the minutes read-only, render the archive PDF and seal the session."""
    minutes.locked_at = timezone.now()
    minutes.content_digest = digest
    pdf = render_minutes_pdf(minutes)
    minutes.pdf.save(f"minutes-{session.pk}.pdf", ContentFile(pdf), save=False)
    minutes.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    minutes.save(update_fields=["locked_at", "content_digest", "pdf", "pdf_sha256"])
    lifecycle.move(session, "seal_minutes", by=by, reason=f"纪要摘要 {digest}")


@transaction.atomic
def report_results(session: EvaluationSession, *, by: User) -> EvaluationSession:
    """The agency sends the signed results to the bureau for acceptance (R-72, R-80)."""
    session = _locked(session)
    _require_agency(session, by)
    return lifecycle.move(session, "report", by=by)
