"""Who may open which page or call which API operation, by role."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhicheng.accounts.models import Role, User
from zhicheng.core.api_errors import api_error, unauthenticated

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def has_role(user: object, *roles: Role) -> bool:
    return isinstance(user, User) and user.is_active and user.role in roles


def is_bureau_staff(request: HttpRequest) -> bool:
    """City-bureau staff (or a superuser) maintain reference data and read the archives in the admin."""
    user = request.user
    return bool(user.is_active and (user.is_superuser or getattr(user, "role", None) == Role.BUREAU))


def role_required(*roles: Role) -> Callable[[View[P]], View[P]]:
    """View decorator: anonymous users go to the login page, other roles get a 403 page."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def forbidden(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/forbidden.html", status=403)


def require_role(request: HttpRequest, *roles: Role) -> User:
    """For API operations: the caller if they hold one of roles, else ApiError 401/403."""
    user = request.user
    if isinstance(user, User) and has_role(user, *roles):
        return user
    if not user.is_authenticated:
        raise unauthenticated()
    raise api_error("您的账号无权执行此操作", code="forbidden")
