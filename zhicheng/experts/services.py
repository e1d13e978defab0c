"""Use cases of the expert pool (R-62, R-74) and of committee filings (R-61, R-03)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.audit.services import record
from zhicheng.catalog.models import Committee, _add_years
from zhicheng.core.errors import DomainError
from zhicheng.experts.models import CommitteeFiling, Expert, ExpertStatus, FilingStatus
from zhicheng.experts.permissions import AGREEMENT_VERSION, has_signed

RETIRE_REASON_MAX = 200


class ExpertError(DomainError):
    """A refused change to the expert pool."""


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str


class FilingError(DomainError):
    """A refused committee filing, with every problem found (not only the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("；".join(p.message for p in problems), rule=problems[0].rule)
        self.problems = problems


# Pool changes (备案 and 退出) by the bureau.


def _bureau_only(by: User, action: str) -> None:
    if by.role != Role.BUREAU:
        raise ExpertError(f"只有市人社局可以{action}评审专家", rule="R-62")


def _described(experts: Sequence[Expert]) -> str:
    return "、".join(f"{e.name}（{e.get_status_display()}）" for e in experts)


def _swap(expert: Expert, target: ExpertStatus, **fields: object) -> None:
    """Compare-and-swap the status so that two officers acting at once cannot both succeed."""
    updated = Expert.objects.filter(pk=expert.pk, status=expert.status).update(status=target, **fields)
    if updated != 1:
        raise ExpertError(f"专家{expert.name}的状态已被他人更改，请刷新后重试")
    expert.status = target
    for name, value in fields.items():
        setattr(expert, name, value)


@transaction.atomic
def file_experts(experts: Sequence[Expert], *, by: User) -> int:
    """备案: candidates become filed experts as of today; if any selected expert is not a candidate, none is filed."""
    _bureau_only(by, "备案")
    if not experts:
        raise ExpertError("请至少选择一名专家")
    wrong = [e for e in experts if e.status != ExpertStatus.CANDIDATE]
    if wrong:
        raise ExpertError(f"只能备案待备案的专家，以下专家不能备案：{_described(wrong)}", rule="R-62")
    today = timezone.localdate()
    for expert in experts:
        before = expert.status
        _swap(expert, ExpertStatus.FILED, filed_on=today)
        record(expert, by=by, action="expert_filed", from_state=before, to_state=expert.status)
    return len(experts)


def file_expert(expert: Expert, *, by: User) -> None:
    """备案 one candidate."""
    file_experts([expert], by=by)


@transaction.atomic
def retire_experts(experts: Sequence[Expert], *, by: User, reason: str) -> int:
    """退出: the experts leave the pool for the stated reason; if any has already left, none is changed."""
    _bureau_only(by, "退出")
    reason = reason.strip()
    if not reason:
        raise ExpertError("请填写退出原因", field="reason")
    if len(reason) > RETIRE_REASON_MAX:
        raise ExpertError(f"退出原因不超过{RETIRE_REASON_MAX}字", field="reason")
    if not experts:
        raise ExpertError("请至少选择一名专家")
    wrong = [e for e in experts if e.status == ExpertStatus.RETIRED]
    if wrong:
        raise ExpertError(f"以下专家已退出专家库：{_described(wrong)}", rule="R-62")
    today = timezone.localdate()
    for expert in experts:
        before = expert.status
        _swap(expert, ExpertStatus.RETIRED, retired_on=today, retire_reason=reason)
        record(expert, by=by, action="expert_retired", from_state=before, to_state=expert.status, reason=reason)
    return len(experts)


def retire_expert(expert: Expert, *, by: User, reason: str) -> None:
    """退出 one expert."""
    retire_experts([expert], by=by, reason=reason)


# The confidentiality agreement.


@transaction.atomic
def sign_confidentiality(expert: Expert, *, by: User) -> None:
    """The expert signs the current confidentiality agreement (第十九条); recorded with its version."""
    if by.pk is None or by.pk != expert.user_id:
        raise ExpertError("保密协议须由专家本人签署", rule="R-74")
    if expert.status == ExpertStatus.RETIRED:
        raise ExpertError("您已退出专家库，无需签署保密协议", rule="R-74")
    if has_signed(expert):
        raise ExpertError(f"您已于{timezone.localtime(expert.confidentiality_signed_at):%Y年%m月%d日}签署本版保密协议")
    signed_at = timezone.now()
    Expert.objects.filter(pk=expert.pk).update(
        confidentiality_signed_at=signed_at, confidentiality_version=AGREEMENT_VERSION
    )
    expert.confidentiality_signed_at = signed_at
    expert.confidentiality_version = AGREEMENT_VERSION
    record(expert, by=by, action="confidentiality_signed", data={"version": AGREEMENT_VERSION})


# Committee filing (核准备案).


def default_minimum(committee: Committee) -> int:
    """The size R-61 asks for when the bureau filed no other number: 11 by specialty, 25 by series."""
    return Committee.MIN_BY_SPECIALTY if committee.specialty_id else Committee.MIN_BY_SERIES


def composition_problems(
    *, size: int, vice_chairs: int, committee: Committee, filed_experts: int | None, chairs: int = 1
) -> list[str]:
    """What breaks R-61 in a committee of `size` experts, in Chinese; empty when the composition is sound.

    Pure: reads only its arguments (and committee.specialty_id), writes nothing. The rule: the size is odd,
    there is 1 chair and 1 to 3 vice chairs, and the size reaches `filed_experts` (the number the bureau
    filed) or, without one, 25 for a committee by series and 11 for one by specialty (第九条).
    Used for a committee filing and, by the evaluations app, for a session's roster.
    """
    problems = []
    if size % 2 == 0:
        problems.append(f"评委会评审专家人数须为奇数，当前为{size}人")
    if chairs != 1:
        problems.append(f"评委会须设主任委员1名，当前为{chairs}名")
    if not 1 <= vice_chairs <= 3:
        problems.append(f"副主任委员须为1至3名，当前为{vice_chairs}名")
    if filed_experts:
        if size < filed_experts:
            problems.append(f"评审专家不得少于经备案的{filed_experts}人，当前为{size}人")
    elif size < default_minimum(committee):
        kind = "按专业组建" if committee.specialty_id else "按系列组建"
        problems.append(f"{kind}的评委会评审专家不得少于{default_minimum(committee)}人，当前为{size}人")
    return problems


def filed_pool(committee: Committee) -> int:
    """How many filed experts the committee may draw from: its series in the city pool or in its unit's own list."""
    return Expert.objects.filter(
        series_id=committee.series_id, status=ExpertStatus.FILED, pool_owner_id=committee.self_evaluating_unit_id
    ).count()


def filing_problems(
    committee: Committee,
    *,
    size: int,
    vice_chairs: int,
    filed_experts: int | None,
    reason: str,
    valid_from: datetime.date,
    valid_until: datetime.date,
) -> list[Problem]:
    """Everything wrong with a filing request: composition (R-61), validity (R-03) and the pool behind it (R-62)."""
    problems = [
        Problem("R-61", message)
        for message in composition_problems(
            size=size, vice_chairs=vice_chairs, committee=committee, filed_experts=filed_experts
        )
    ]
    minimum = default_minimum(committee)
    if size < minimum and not (filed_experts and reason.strip()):
        problems.append(
            Problem("R-61", f"评审专家少于{minimum}人的，须填写申请备案的专家人数下限并说明理由，由市人社局核准")
        )
    limit = _add_years(valid_from, Committee.MAX_FILING_YEARS)
    if valid_until < valid_from:
        problems.append(Problem("R-03", "有效期截止日期不能早于开始日期"))
    elif valid_until > limit:
        problems.append(
            Problem("R-03", f"核准备案有效期不得超过{Committee.MAX_FILING_YEARS}年（最晚 {limit:%Y-%m-%d}）")
        )
    available = filed_pool(committee)
    if available < size:
        where = "本单位专家名单" if committee.self_evaluating_unit_id else "全市专家库"
        problems.append(
            Problem(
                "R-62",
                f"{where}中已备案的{committee.series.name}系列专家仅{available}人，少于评委会评审专家人数{size}人",
            )
        )
    return problems


def recheck_filing(filing: CommitteeFiling) -> list[Problem]:
    """The problems of a submitted filing as things stand now (the pool may have changed since it was submitted)."""
    return filing_problems(
        filing.committee,
        size=filing.size,
        vice_chairs=filing.vice_chairs,
        filed_experts=filing.filed_experts,
        reason=filing.reason,
        valid_from=filing.valid_from,
        valid_until=filing.valid_until,
    )


@transaction.atomic
def submit_filing(
    committee: Committee,
    *,
    by: User,
    size: int,
    vice_chairs: int,
    valid_from: datetime.date,
    valid_until: datetime.date,
    filed_experts: int | None = None,
    reason: str = "",
) -> CommitteeFiling:
    """The agency asks the bureau to file one of its committees; refused with every problem found."""
    if by.role != Role.AGENCY or by.organization_id != committee.agency_id:
        raise FilingError([Problem("R-03", "只能为本机构的评委会申请核准备案")])
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # one pending request per committee
    problems = filing_problems(
        committee,
        size=size,
        vice_chairs=vice_chairs,
        filed_experts=filed_experts or None,
        reason=reason,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    if committee.filings.filter(status=FilingStatus.SUBMITTED).exists():
        problems.insert(0, Problem("R-03", "该评委会已有待市人社局核准的备案申请，请等待审核结果"))
    if problems:
        raise FilingError(problems)
    filing = CommitteeFiling.objects.create(
        committee=committee,
        size=size,
        vice_chairs=vice_chairs,
        filed_experts=filed_experts or None,
        reason=reason.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        submitted_by=by,
    )
    record(filing, by=by, action="committee_filing_submitted", to_state=filing.status)
    return filing


def _bureau_decides(by: User) -> None:
    if by.role != Role.BUREAU:
        raise FilingError([Problem("R-03", "只有市人社局可以审核评委会核准备案")])


def _decide(filing: CommitteeFiling, target: FilingStatus, *, by: User, **fields: object) -> None:
    now = timezone.now()
    updated = CommitteeFiling.objects.filter(pk=filing.pk, status=FilingStatus.SUBMITTED).update(
        status=target, decided_by=by, decided_at=now, **fields
    )
    if updated != 1:
        raise FilingError([Problem("R-03", f"该备案申请已审核（{filing.get_status_display()}），不能重复审核")])
    filing.status = target
    filing.decided_by = by
    filing.decided_at = now
    for name, value in fields.items():
        setattr(filing, name, value)
    record(filing, by=by, action=f"committee_filing_{target}", from_state=FilingStatus.SUBMITTED, to_state=target)


@transaction.atomic
def approve_filing(filing: CommitteeFiling, *, by: User, filing_number: str, note: str = "") -> None:
    """核准备案: the committee is filed for the requested period with the filed size (R-03, R-61).

    The composition and the pool are checked again, since the pool may have changed since the request.
    """
    _bureau_decides(by)
    filing_number = filing_number.strip()
    problems = [] if filing_number else [Problem("R-03", "请填写备案编号")]
    if filing.status == FilingStatus.SUBMITTED:
        problems += recheck_filing(filing)
    if problems:
        raise FilingError(problems)
    _decide(filing, FilingStatus.APPROVED, by=by, filing_number=filing_number, decision_note=note.strip())
    committee = filing.committee
    before = {
        "filing_number": committee.filing_number,
        "filed_on": str(committee.filed_on or ""),
        "expires_on": str(committee.expires_on or ""),
        "filed_experts": committee.filed_experts,
    }
    committee.filing_number = filing_number
    committee.filed_on = filing.valid_from
    committee.expires_on = filing.valid_until
    committee.filed_experts = filing.filed_experts
    committee.save(update_fields=["filing_number", "filed_on", "expires_on", "filed_experts"])
    after = {
        "filing_number": filing_number,
        "filed_on": str(filing.valid_from),
        "expires_on": str(filing.valid_until),
        "filed_experts": filing.filed_experts,
    }
    record(committee, by=by, action="committee_filed", data={"filing": filing.pk, "before": before, "after": after})


@transaction.atomic
def reject_filing(filing: CommitteeFiling, *, by: User, note: str) -> None:
    """不予核准, with the reason the agency reads."""
    _bureau_decides(by)
    if not note.strip():
        raise FilingError([Problem("R-03", "请填写不予核准的理由")])
    _decide(filing, FilingStatus.REJECTED, by=by, decision_note=note.strip())
