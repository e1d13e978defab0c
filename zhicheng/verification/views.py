"""Public verification pages (no login) and the holder's list of lookups of their certificates."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from zhicheng.accounts.models import User
from zhicheng.core.client import client_ip
from zhicheng.core.routing import reads_from_replica
from zhicheng.verification import selectors, services
from zhicheng.verification.models import Lookup
from zhicheng.verification.services import Answer, VerificationError

SESSION_KEY = "verification_lookup"
PAGE_SIZE = 50


def remember(request: HttpRequest, answer: Answer) -> None:
    """Keep a successful lookup for the details step; any other answer forgets the previous one."""
    if answer.certificate is not None:
        request.session[SESSION_KEY] = answer.lookup.pk
    else:
        request.session.pop(SESSION_KEY, None)


def remembered(request: HttpRequest) -> Lookup | None:
    return services.open_lookup(request.session.get(SESSION_KEY))


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _answer_page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    return _private(render(request, template, context, status=status))


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "verification/lookup.html", {"form": {}})
    context: dict[str, object] = {"form": request.POST}
    try:
        answer = services.lookup_by_number(
            request.POST.get("number", ""), request.POST.get("name", ""), requester=client_ip(request)
        )
    except VerificationError as exc:
        context["error"] = exc
        return _answer_page(request, "verification/lookup.html", context, status=exc.status)
    remember(request, answer)
    context["answer"] = answer
    return _answer_page(request, "verification/lookup.html", context)


@require_GET
@reads_from_replica
def qr(request: HttpRequest) -> HttpResponse:
    payload = request.GET.get("p", "")
    context: dict[str, object] = {"payload": payload}
    if not payload.strip():
        return render(request, "verification/qr.html", context)
    try:
        answer = services.lookup_by_qr(payload, requester=client_ip(request))
    except VerificationError as exc:
        context["error"] = exc
        return _answer_page(request, "verification/qr.html", context, status=exc.status)
    remember(request, answer)
    context["answer"] = answer
    return _answer_page(request, "verification/qr.html", context)


@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    current = remembered(request)
    if current is None:
        return _answer_page(request, "verification/expired.html", {}, status=400)
    context: dict[str, object] = {"lookup": current, "answer": Answer(current, current.certificate)}
    if request.method == "POST":
        try:
            services.request_details_code(current, request.POST.get("phone", ""))
        except VerificationError as exc:
            context.update(error=exc, phone=request.POST.get("phone", ""))
            return _answer_page(request, "verification/code.html", context, status=exc.status)
        context["sent"] = True
    return _answer_page(request, "verification/code.html", context)


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    current = remembered(request)
    if current is None:
        return _answer_page(request, "verification/expired.html", {}, status=400)
    if request.method == "POST":
        try:
            services.check_details_code(current, request.POST.get("code", ""))
        except VerificationError as exc:
            context = {"lookup": current, "answer": Answer(current, current.certificate), "sent": True, "error": exc}
            return _answer_page(request, "verification/code.html", context, status=exc.status)
        return redirect("verification:details")
    if not current.details_shown:
        return redirect("verification:code")
    return _answer_page(request, "verification/details.html", {"details": services.certificate_details(current)})


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


@login_required
@require_GET
def my_lookups(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    certificate = selectors.get_certificate_for_holder(user, pk) if pk is not None else None
    lookups = selectors.list_lookups_for(user, certificate)
    page = Paginator(lookups, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "certificate": certificate, "certificates": selectors.certificates_of(user)}
    return _private(render(request, "verification/my_lookups.html", context))
