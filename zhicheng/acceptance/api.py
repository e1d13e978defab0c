"""REST operations of the bureau's acceptance (R-80), calling the same services as the pages."""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import ConfigDict

from zhicheng.acceptance import selectors, services
from zhicheng.accounts.models import User
from zhicheng.core.api_errors import ErrorOut, not_found, unauthenticated
from zhicheng.evaluations.models import EvaluationSession

router = Router(tags=["acceptance"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PAGE_SIZE = 20


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class SessionRowOut(Schema):
    id: int
    name: str
    committee: str
    meeting_on: str
    entries: int
    passed: int
    accepted: bool


class AcceptanceQueueOut(Schema):
    count: int
    page: int
    pages: int
    items: list[SessionRowOut]


class CheckOut(Schema):
    code: str
    label: str
    ok: bool
    detail: str
    entries: list[int]


class CorrectionOut(Schema):
    reason: str
    by: str
    at: str


class AcceptanceResultOut(Schema):
    entry_id: int
    number: str
    applicant: str
    level: str
    status: str
    status_label: str
    approvals: int | None
    disapprovals: int | None
    abstentions: int | None
    attending: int | None
    rule: str
    passed: bool | None
    correction: CorrectionOut | None


class AcceptanceOut(Schema):
    session_id: int
    session_status: str
    status: str
    status_label: str
    checked_at: str | None
    decided_at: str | None
    note: str
    checks: list[CheckOut]
    results: list[AcceptanceResultOut]


class CorrectIn(Strict):
    reason: str


class AcceptIn(Strict):
    note: str = ""


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise unauthenticated()
    return user


def _session(request: HttpRequest, pk: int, *, act: bool = False) -> tuple[User, EvaluationSession]:
    user = _user(request)
    try:
        found = selectors.get_session_for_bureau(user, pk) if act else selectors.get_session_for(user, pk)
    except Http404 as exc:
        raise not_found() from exc
    return user, found


def _result(entry: Any) -> dict[str, Any]:
    application = entry.application
    result = getattr(entry, "result", None)
    correction = getattr(entry, "correction", None)
    return {
        "entry_id": entry.pk,
        "number": application.number,
        "applicant": application.applicant.real_name,
        "level": application.get_level_display(),
        "status": application.status,
        "status_label": application.get_status_display(),
        "approvals": result.approvals if result else None,
        "disapprovals": result.disapprovals if result else None,
        "abstentions": result.abstentions if result else None,
        "attending": result.attending if result else None,
        "rule": result.rule_label if result else "",
        "passed": result.passed if result else None,
        "correction": {"reason": correction.reason, "by": correction.by.real_name, "at": correction.at.isoformat()}
        if correction
        else None,
    }


def _acceptance(session: EvaluationSession) -> dict[str, Any]:
    acceptance = selectors.acceptance_of(session)
    return {
        "session_id": session.pk,
        "session_status": session.status,
        "status": acceptance.status if acceptance else "pending",
        "status_label": acceptance.get_status_display() if acceptance else "待验收",
        "checked_at": acceptance.checked_at.isoformat() if acceptance and acceptance.checked_at else None,
        "decided_at": acceptance.decided_at.isoformat() if acceptance and acceptance.decided_at else None,
        "note": acceptance.note if acceptance else "",
        "checks": acceptance.checks if acceptance else [],
        "results": [_result(e) for e in selectors.result_rows(session)],
    }


@router.get("/sessions", response={200: AcceptanceQueueOut, **ERRORS}, summary="待验收的评审会（市人社局）")
def queue(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    try:
        sessions = selectors.list_sessions_for(_user(request))
    except Http404 as exc:
        raise not_found() from exc
    found = Paginator(sessions, PAGE_SIZE).get_page(page)
    items = [
        {
            "id": s.pk,
            "name": s.name,
            "committee": s.committee.name,
            "meeting_on": s.meeting_on.isoformat(),
            "entries": s.entry_count,  # type: ignore[attr-defined]  # annotated by the selector
            "passed": s.passed_count,  # type: ignore[attr-defined]  # annotated by the selector
            "accepted": bool(s.is_accepted),  # type: ignore[attr-defined]  # annotated by the selector
        }
        for s in found
    ]
    return {"count": found.paginator.count, "page": found.number, "pages": found.paginator.num_pages, "items": items}


@router.get("/sessions/{pk}", response={200: AcceptanceOut, **ERRORS}, summary="评审会的验收：检查与评审结果")
def detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _, session = _session(request, pk)
    return _acceptance(session)


@router.post("/sessions/{pk}/checks", response={200: AcceptanceOut, **ERRORS}, summary="运行验收检查（R-80）")
def run_checks(request: HttpRequest, pk: int) -> dict[str, Any]:
    user, session = _session(request, pk, act=True)
    services.run_checks(session, by=user)
    return _acceptance(session)


@router.post(
    "/sessions/{pk}/entries/{entry_id}/correct",
    response={200: AcceptanceOut, **ERRORS},
    summary="纠正不规范的评审结果（R-80）",
)
def correct(request: HttpRequest, pk: int, entry_id: int, payload: CorrectIn) -> dict[str, Any]:
    user, session = _session(request, pk, act=True)
    try:
        entry = selectors.get_entry(session, entry_id)
    except Http404 as exc:
        raise not_found() from exc
    services.correct_result(entry, by=user, reason=payload.reason)
    return _acceptance(session)


@router.post("/sessions/{pk}/accept", response={200: AcceptanceOut, **ERRORS}, summary="验收评审结果（R-80）")
def accept(request: HttpRequest, pk: int, payload: AcceptIn) -> dict[str, Any]:
    user, session = _session(request, pk, act=True)
    services.accept_session(session, by=user, note=payload.note)
    session.refresh_from_db(fields=["status"])
    return _acceptance(session)
