from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhicheng.accounts import login_flow, services, verification
from zhicheng.accounts.forms import LoginForm, RegistrationForm, TotpForm
from zhicheng.core.client import client_ip


def _safe_next(request: HttpRequest, next_url: str) -> str:
    allowed = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    return next_url if next_url and allowed else reverse("home")


def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_applicant(form.registration())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user)
            messages.success(request, "注册成功，欢迎使用北京市职称评审服务平台")
            return redirect("applications:mine")
    return render(request, "accounts/register.html", {"form": form})


@require_POST
def sms_code(request: HttpRequest) -> HttpResponse:
    """Send a registration code; answers the page's HTMX button with a status line."""
    try:
        verification.send_phone_code(request.POST.get("phone", ""), client=client_ip(request))
    except ValidationError as exc:
        status = {"ok": False, "message": exc.messages[0]}
    except verification.VerificationError as exc:
        status = {"ok": False, "message": exc.message}
    else:
        status = {"ok": True, "message": "验证码已发送，10分钟内有效"}
    if request.headers.get("HX-Request") == "true":
        return render(request, "accounts/_sms_status.html", status)
    # Without JavaScript the button submits the whole form here: show it again, keeping what was typed.
    kept = {key: value for key, value in request.POST.items() if not key.startswith(("password", "csrf"))}
    return render(request, "accounts/register.html", {"form": RegistrationForm(initial=kept), "sms_status": status})


def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next", "")
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_flow.password_step(
                request, form.cleaned_data["identifier"], form.cleaned_data["password"], next_url=next_url
            )
        except services.LoginRefused as exc:
            form.add_error(None, exc.message)
        else:
            if user.needs_second_factor:
                return redirect("accounts:login_totp")
            return redirect(_safe_next(request, next_url))
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def login_totp(request: HttpRequest) -> HttpResponse:
    user = login_flow.pending_user(request)
    if user is None:
        messages.warning(request, "请先输入账号和密码")
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        next_url = login_flow.pending_next_url(request)
        try:
            login_flow.second_factor_step(request, form.cleaned_data["code"])
        except services.LoginRefused as exc:
            form.add_error("code", exc.message)
        else:
            return redirect(_safe_next(request, next_url))
    return render(request, "accounts/login_totp.html", {"form": form, "pending": user})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "您已安全退出")
    return redirect("home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """我的账户: the only page that shows the owner's full ID number and phone."""
    return render(request, "accounts/profile.html", {"account": request.user})
