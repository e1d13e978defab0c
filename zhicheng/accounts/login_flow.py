"""The login steps kept in the session, shared by the pages and the API.

Staff roles log in in two steps: after the password the session only remembers who is half-way;
it becomes authenticated after the TOTP code.
"""

import time

from django.contrib.auth import login
from django.http import HttpRequest

from zhicheng.accounts import services
from zhicheng.accounts.models import User
from zhicheng.core.client import client_ip

PENDING_KEY = "accounts_second_factor"
PENDING_SECONDS = 300


def password_step(request: HttpRequest, identifier: str, password: str, *, next_url: str = "") -> User:
    """Check the password; log in, or (user.needs_second_factor) remember the user for the TOTP step."""
    user = services.check_password_login(identifier, password, ip=client_ip(request))
    if user.needs_second_factor:
        request.session.cycle_key()
        request.session[PENDING_KEY] = {"user_id": user.pk, "since": time.time(), "next": next_url}
    else:
        login(request, user)
    return user


def pending_user(request: HttpRequest) -> User | None:
    """The user who passed the password step in this session within PENDING_SECONDS, if any."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - float(pending.get("since", 0)) > PENDING_SECONDS:
        return None
    return User.objects.filter(pk=int(pending["user_id"]), is_active=True).first()


def pending_next_url(request: HttpRequest) -> str:
    pending = request.session.get(PENDING_KEY)
    return str(pending.get("next", "")) if isinstance(pending, dict) else ""


def second_factor_step(request: HttpRequest, code: str) -> User:
    """Check the TOTP code of the pending user and log them in; raises LoginRefused."""
    user = pending_user(request)
    if user is None:
        raise services.LoginRefused("登录已超时，请重新输入账号和密码", code="no_pending_login")
    services.verify_second_factor(user, code)
    login(request, user)
    request.session.pop(PENDING_KEY, None)
    return user
