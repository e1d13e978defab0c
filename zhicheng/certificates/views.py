"""The bureau's issue batches and revocations, the holder's 本人证书查询, the public revocation list and key."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhicheng.accounts.models import Role, User
from zhicheng.accounts.permissions import role_required
from zhicheng.catalog.models import Plan
from zhicheng.certificates import revocations, selectors, services
from zhicheng.certificates.keys import qr_public_key_pem
from zhicheng.certificates.models import Certificate
from zhicheng.core.errors import DomainError

bureau_only = role_required(Role.BUREAU)
KINDS = {"certificate": "电子职称证书", "notice": "电子职称评价结果通知书"}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by role_required / login_required
    return user


def _refused(request: HttpRequest, exc: DomainError) -> None:
    messages.error(request, f"{exc.message}（{exc.rule}）" if exc.rule else exc.message)


def site_url(request: HttpRequest) -> str:
    """Scheme and host the QR codes of a batch point at (the host is checked against ALLOWED_HOSTS)."""
    return request.build_absolute_uri("/").rstrip("/")


# Issue batches


@bureau_only
@require_GET
def batches(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    context = {
        "plans": selectors.plans_with_pending(),
        "batches": selectors.batches()[:50],
        "q": query,
        "certificates": selectors.bureau_certificates(query)[:50],
    }
    return render(request, "certificates/batches.html", context)


@bureau_only
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("plan", "")
    plan = Plan.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if plan is None:
        messages.error(request, "请选择年度")
        return redirect("certificates:batches")
    if request.POST.get("confirm") != "1":
        messages.error(request, "请勾选确认后再发起制发")
        return redirect("certificates:batches")
    try:
        batch = services.start_batch(plan, by=_user(request), base_url=site_url(request))
    except DomainError as exc:
        _refused(request, exc)
        return redirect("certificates:batches")
    messages.success(request, f"已发起{plan}第{batch.pk}批证书制发，共{batch.total}份")
    return redirect("certificates:batch", pk=batch.pk)


@bureau_only
@require_GET
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.get_batch_for(_user(request), pk)
    if request.headers.get("HX-Request"):
        return render(request, "certificates/_progress.html", {"batch": found})
    certificates = found.certificates.order_by("id")[:200]
    return render(request, "certificates/batch.html", {"batch": found, "certificates": certificates})


# Revocation


@bureau_only
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.get_certificate_to_revoke(_user(request), pk)
    context: dict[str, object] = {"certificate": certificate}
    if request.method != "POST":
        return render(request, "certificates/revoke.html", context)
    try:
        if request.POST.get("confirm") != "1":
            raise DomainError("请勾选确认撤销", field="confirm")
        services.revoke_certificate(certificate, by=_user(request), reason=request.POST.get("reason", ""))
    except DomainError as exc:
        context.update(error=exc, reason=request.POST.get("reason", ""))
        return render(request, "certificates/revoke.html", context, status=400)
    messages.success(request, f"证书 {certificate.number} 已撤销")
    return redirect("certificates:batches")


# The holder's certificates


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "certificates/mine.html", {"certificates": selectors.certificates_of(_user(request))})


def file_response(user: User, pk: int, kind: str) -> HttpResponse:
    """The certificate's PDF for its holder or the bureau; 404 for anyone else, a missing one or another kind."""
    if kind not in KINDS:
        raise Http404
    certificate: Certificate = selectors.get_certificate_for(user, pk)
    field = certificate.pdf if kind == "certificate" else certificate.notice_pdf
    try:
        with field.storage.open(field.name or "", "rb") as stored:
            response = HttpResponse(stored.read(), content_type="application/pdf")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    response["Content-Disposition"] = content_disposition_header(True, f"{KINDS[kind]}-{certificate.number}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    return file_response(_user(request), pk, kind)


# Public: what anyone needs to check a certificate offline


@require_GET
def revocation_list(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(revocations.revocation_list(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def public_key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(qr_public_key_pem(), content_type="text/plain; charset=utf-8")
