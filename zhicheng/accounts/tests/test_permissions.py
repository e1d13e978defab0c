"""Pages and API operations open only to their roles."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role, role_required
from zhicheng.core.api_errors import ApiError


@role_required(Role.BUREAU, Role.AGENCY)
def officials_only(request, pk):
    return HttpResponse(f"ok {pk}")


def get(user):
    request = RequestFactory().get("/officials/7/")
    request.user = user
    request.session = SessionStore()
    return request


def test_anonymous_visitor_is_sent_to_the_login_page():
    response = officials_only(get(AnonymousUser()), pk=7)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/officials/7/"


def test_wrong_role_gets_a_chinese_403_page(zhang_san):
    response = officials_only(get(zhang_san), pk=7)
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page
    assert "申报人" in page


def test_right_role_gets_the_page(bureau_officer):
    response = officials_only(get(bureau_officer), pk=7)
    assert response.status_code == 200
    assert response.content == b"ok 7"


def test_deactivated_account_is_refused(bureau_officer):
    bureau_officer.is_active = False
    assert officials_only(get(bureau_officer), pk=7).status_code == 403


def test_api_role_check(zhang_san, bureau_officer):
    assert require_role(get(bureau_officer), Role.BUREAU) == bureau_officer
    with pytest.raises(ApiError) as forbidden:
        require_role(get(zhang_san), Role.BUREAU)
    assert forbidden.value.status == 403
    assert forbidden.value.errors[0]["message"] == "您的账号无权执行此操作"
    with pytest.raises(ApiError) as anonymous:
        require_role(get(AnonymousUser()), Role.BUREAU)
    assert anonymous.value.status == 401
