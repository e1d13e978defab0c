import pytest
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.services import create_staff_user
from zhicheng.notifications.models import SmsMessage

PASSWORD = "Zc-test-2024!"
NEW_ID = "110108198512120013"
NEW_PHONE = "13911112222"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["zhicheng.accounts.tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture
def bureau_officer(db):
    """市人社局 staff: logs in with a password and a TOTP code."""
    return create_staff_user("bureau1", PASSWORD, Role.BUREAU, "王建国")


@pytest.fixture
def request_code(client):
    """Ask for a registration code through the page's HTMX button; returns the code from the outbox."""

    def request(phone: str = NEW_PHONE) -> str:
        response = client.post(reverse("accounts:sms_code"), {"phone": phone}, HTTP_HX_REQUEST="true")
        assert "验证码已发送" in response.content.decode()
        return SmsMessage.objects.filter(template_id="verify_code").latest("id").params["code"]

    return request


def registration(**overrides: str) -> dict[str, str]:
    data = {
        "real_name": "王五",
        "id_type": "mainland",
        "id_number": NEW_ID,
        "work_permit_number": "",
        "phone": NEW_PHONE,
        "sms_code": "",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
    }
    return {**data, **overrides}
