"""Pages of the bureau's acceptance (R-80): the queue of reported sessions and one session's checks and results."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from zhicheng.acceptance import selectors, services
from zhicheng.accounts.models import Role, User
from zhicheng.core.errors import DomainError
from zhicheng.evaluations.models import EvaluationSession, SessionStatus

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


def _refused(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else exc.message)


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_sessions_for(_user(request)), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "acceptance/queue.html", {"page": page})


def session_context(session: EvaluationSession, user: User) -> dict[str, Any]:
    acceptance = selectors.acceptance_of(session)
    is_accepted = acceptance is not None and acceptance.is_accepted
    return {
        "session": session,
        "acceptance": acceptance,
        "checks": acceptance.checks if acceptance is not None else [],
        "entries": selectors.result_rows(session),
        "can_act": user.role == Role.BUREAU and session.status == SessionStatus.REPORTED and not is_accepted,
    }


@login_required
@require_GET
def session(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.get_session_for(user, pk)
    return render(request, "acceptance/session.html", session_context(found, user))


@login_required
@require_POST
def run_checks(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_session_for_bureau(_user(request), pk)
    try:
        acceptance = services.run_checks(found, by=_user(request))
    except DomainError as exc:
        _refused(request, exc)
    else:
        failed = sum(1 for c in acceptance.checks if not c["ok"])
        messages.success(request, f"检查完成：{failed}项未通过" if failed else "检查完成：全部通过")
    return redirect("acceptance:session", pk=pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    found = selectors.get_session_for_bureau(_user(request), pk)
    entry = selectors.get_entry(found, entry_pk)
    try:
        services.correct_result(entry, by=_user(request), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已纠正申报{entry.application.number}的评审结果为“评审未通过”")
    return redirect("acceptance:session", pk=pk)


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_session_for_bureau(_user(request), pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, "请勾选确认后再验收")
        return redirect("acceptance:session", pk=pk)
    try:
        services.accept_session(found, by=_user(request), note=request.POST.get("note", ""))
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, "评审结果已验收通过")
    return redirect("acceptance:session", pk=pk)
