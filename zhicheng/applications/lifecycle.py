"""Application status graph. move() is the only code that assigns Application.status."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zhicheng.accounts.models import Role
from zhicheng.applications.models import Application, Status
from zhicheng.audit import services as audit
from zhicheng.core.errors import DomainError


class MoveNotAllowed(DomainError):
    """The move does not start from the application's status, or the actor may not make it."""

    code = "wrong_status"

    def __init__(self, name: str, status: str, message: str = "") -> None:
        self.name = name
        self.status = status
        label = Status(status).label if status in Status.values else status
        super().__init__(message or f"当前状态为“{label}”，不能执行“{MOVES[name].label if name in MOVES else name}”")


@dataclass(frozen=True)
class Move:
    name: str
    label: str
    sources: frozenset[Status]
    target: Status
    actors: frozenset[Role | None]  # None is the system (scheduled tasks)


# Every status after submission up to the certificate; a certificate already issued is revoked instead.
FRAUD_CANCELLABLE = frozenset(
    {
        Status.SUBMITTED,
        Status.RETURNED,
        Status.UNIT_POSTING,
        Status.DISTRICT_REVIEW,
        Status.AGENCY_REVIEW,
        Status.CORRECTION,
        Status.APPROVED,
        Status.PAID,
        Status.PASSED,
        Status.ACCEPTED,
        Status.CONFIRMED,
    }
)

MOVES = {
    m.name: m
    for m in [
        Move(
            "submit",
            "提交申报",
            frozenset({Status.DRAFT, Status.RETURNED, Status.CORRECTION}),
            Status.SUBMITTED,
            frozenset({Role.APPLICANT}),
        ),
        Move(
            "unit_return",
            "退回申报人修改",
            frozenset({Status.SUBMITTED}),
            Status.RETURNED,
            frozenset({Role.UNIT_HR, Role.ASSOCIATION}),
        ),
        Move(
            "start_posting",
            "开始单位公示",
            frozenset({Status.SUBMITTED}),
            Status.UNIT_POSTING,
            frozenset({Role.UNIT_HR, Role.ASSOCIATION}),
        ),
        Move(
            "recommend",
            "推荐上报",
            frozenset({Status.UNIT_POSTING}),
            Status.AGENCY_REVIEW,
            frozenset({Role.UNIT_HR, Role.ASSOCIATION}),
        ),
        # 高端领军人才“直通车”: the district bureau's recommendation committee decides before the agency sees it.
        Move(
            "recommend_to_district",
            "推荐报区人社局",
            frozenset({Status.UNIT_POSTING}),
            Status.DISTRICT_REVIEW,
            frozenset({Role.UNIT_HR}),
        ),
        Move(
            "district_recommend",
            "区推荐委员会推荐",
            frozenset({Status.DISTRICT_REVIEW}),
            Status.AGENCY_REVIEW,
            frozenset({Role.DISTRICT_BUREAU}),
        ),
        Move(
            "district_decline",
            "区推荐委员会不予推荐",
            frozenset({Status.DISTRICT_REVIEW}),
            Status.NOT_RECOMMENDED,
            frozenset({Role.DISTRICT_BUREAU}),
        ),
        # After a correction that changed nothing material, the unit recommends again without a new posting.
        Move(
            "recommend_again",
            "再次推荐上报",
            frozenset({Status.SUBMITTED}),
            Status.AGENCY_REVIEW,
            frozenset({Role.UNIT_HR, Role.ASSOCIATION}),
        ),
        # District bureaus review for the junior engineering committees of their district (001 五(一)).
        Move(
            "request_correction",
            "一次性告知补正",
            frozenset({Status.AGENCY_REVIEW}),
            Status.CORRECTION,
            frozenset({Role.AGENCY, Role.DISTRICT_BUREAU}),
        ),
        Move(
            "approve",
            "审核通过",
            frozenset({Status.AGENCY_REVIEW}),
            Status.APPROVED,
            frozenset({Role.AGENCY, Role.DISTRICT_BUREAU}),
        ),
        Move("pay", "缴费", frozenset({Status.APPROVED}), Status.PAID, frozenset({Role.APPLICANT, None})),
        # The chair closes the secret ballot; each applicant's result follows from the tally.
        Move("pass_evaluation", "评审通过", frozenset({Status.PAID}), Status.PASSED, frozenset({Role.EXPERT})),
        Move("fail_evaluation", "评审未通过", frozenset({Status.PAID}), Status.FAILED, frozenset({Role.EXPERT})),
        # The bureau accepts the results, corrects irregular ones at acceptance or after a founded
        # complaint during the posting, and confirms them when the posting ends without objection.
        Move("accept_result", "验收通过", frozenset({Status.PASSED}), Status.ACCEPTED, frozenset({Role.BUREAU})),
        Move(
            "correct_result",
            "纠正评审结果",
            frozenset({Status.PASSED, Status.ACCEPTED}),
            Status.FAILED,
            frozenset({Role.BUREAU}),
        ),
        Move("confirm_result", "确认备案", frozenset({Status.ACCEPTED}), Status.CONFIRMED, frozenset({Role.BUREAU})),
        # A title obtained by fraud is revoked; its certificate shows revoked wherever it is verified.
        Move("revoke_title", "撤销职称", frozenset({Status.CONFIRMED}), Status.REVOKED, frozenset({Role.BUREAU})),
        # Fraud found before the certificate: the bureau, on the agency's proposal, cancels the application.
        Move(
            "cancel_for_fraud",
            "取消申报资格",
            FRAUD_CANCELLABLE,
            Status.CANCELLED,
            frozenset({Role.BUREAU}),
        ),
        Move(
            "abandon",
            "视为放弃申报",
            frozenset(
                {
                    Status.DRAFT,
                    Status.RETURNED,
                    Status.CORRECTION,
                    Status.APPROVED,
                    Status.SUBMITTED,
                    Status.UNIT_POSTING,
                }
            ),
            Status.ABANDONED,
            frozenset({None}),
        ),
    ]
}

# Who holds the application in each status, shown to the applicant next to the status.
HOLDER = {
    Status.DRAFT: "申报人",
    Status.SUBMITTED: "用人单位（或推荐协会）",
    Status.RETURNED: "申报人",
    Status.UNIT_POSTING: "用人单位（或推荐协会）",
    Status.DISTRICT_REVIEW: "参保单位所在区人社局",
    Status.AGENCY_REVIEW: "评审服务机构",
    Status.CORRECTION: "申报人",
    Status.APPROVED: "申报人",
    Status.PAID: "评审服务机构",
    Status.PASSED: "市人社局",
    Status.ACCEPTED: "市人社局",
    Status.CONFIRMED: "—",
    Status.REVOKED: "—",
    Status.FAILED: "—",
    Status.ABANDONED: "—",
    Status.NOT_RECOMMENDED: "—",
    Status.CANCELLED: "—",
}

NEXT_STEP = {
    Status.DRAFT: "完善申报信息、上传材料，在申报截止前提交",
    Status.SUBMITTED: "联系参保单位审核；单位将进行不少于5个工作日的公示",
    Status.RETURNED: "按单位意见修改后重新提交",
    Status.UNIT_POSTING: "单位公示结束且无异议后推荐上报",
    Status.DISTRICT_REVIEW: "等待区人社局组织推荐委员会推荐",
    Status.AGENCY_REVIEW: "等待评审服务机构审核",
    Status.CORRECTION: "按一次性告知内容补正材料并重新提交",
    Status.APPROVED: "在规定期限内网上缴费",
    Status.PAID: "等待评审委员会评审，答辩安排将短信通知",
    Status.PASSED: "等待市人社局验收并公示评审结果",
    Status.ACCEPTED: "评审结果公示中，公示期满无异议后确认备案",
    Status.CONFIRMED: "等待市人社局分批发放电子职称证书，发放后在“本人证书查询”下载",
    Status.REVOKED: "职称已被撤销，如有异议请联系市人社局",
    Status.FAILED: "本年度评审未通过，可对结果申请复查",
    Status.ABANDONED: "本年度申报已结束",
    Status.NOT_RECOMMENDED: "本年度“直通车”申报已结束",
    Status.CANCELLED: "因弄虚作假被取消申报资格并记入诚信档案，如有异议请向市人社局申诉",
}


def available_moves(application: Application, actor_role: Role | None) -> list[Move]:
    return [m for m in MOVES.values() if application.status in m.sources and actor_role in m.actors]


def _check(application: Application, step: Move, role: Role | None) -> None:
    if application.status not in step.sources:
        raise MoveNotAllowed(step.name, application.status)
    if role not in step.actors:
        raise MoveNotAllowed(step.name, application.status, f"当前身份不能执行“{step.label}”")


@transaction.atomic
def move(application: Application, name: str, *, by: Any, reason: str = "", due_on: Any = None) -> Application:
    """Fire one move: compare-and-swap the status, set the next deadline, write the audit event."""
    step = MOVES[name]
    _check(application, step, Role(by.role) if by is not None else None)
    source = application.status
    updated = Application.objects.filter(pk=application.pk, status=source).update(status=step.target, due_on=due_on)
    if updated != 1:  # someone else moved it first
        application.refresh_from_db(fields=["status"])
        raise MoveNotAllowed(name, application.status)
    application.status = step.target
    application.due_on = due_on
    audit.record(application, by=by, action=name, from_state=source, to_state=step.target, reason=reason)
    return application


@transaction.atomic
def move_many(moves: Sequence[tuple[Application, str, str]], *, by: Any) -> None:
    """Fire many moves (application, move name, reason) by one actor: all of them or none.

    One compare-and-swap UPDATE per (move, status) group and one append to the audit chain, so that
    deciding a thousand applications at the close of a ballot costs a handful of queries, not thousands.
    """
    role = Role(by.role) if by is not None else None
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for application, name, _ in moves:
        _check(application, MOVES[name], role)
        groups[(name, application.status)].append(application.pk)
    for (name, source), pks in groups.items():
        updated = Application.objects.filter(pk__in=pks, status=source).update(status=MOVES[name].target, due_on=None)
        if updated != len(pks):  # someone else moved one of them first
            raise MoveNotAllowed(name, source, f"部分申报状态已变化，未能执行“{MOVES[name].label}”，请刷新后重试")
    changes = []
    for application, name, reason in moves:
        source, application.status, application.due_on = application.status, MOVES[name].target, None
        changes.append(audit.Change(application, name, source, application.status, reason))
    audit.record_many(changes, by=by)


def holder_of(application: Application) -> str:
    """Who holds the application now, by name and phone where known, so a status never just says "审核中"."""
    status = Status(application.status)
    organization = None
    if status in {Status.SUBMITTED, Status.UNIT_POSTING}:
        organization = application.association if application.association_id else application.unit
    elif status in {Status.AGENCY_REVIEW, Status.PAID}:
        organization = application.committee.agency
    if organization is None:
        return HOLDER[status]
    phone = f"，电话 {organization.phone}" if organization.phone else ""
    return f"{organization.name}{phone}"
