"""Real-name registration of applicants (R-20) through the page."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from zhicheng.accounts.models import IdType, PhoneVerification, Role, User
from zhicheng.accounts.tests.conftest import NEW_ID, NEW_PHONE, PASSWORD, registration
from zhicheng.accounts.tests.factories import ZHANG_SAN_ID
from zhicheng.audit.services import history_for
from zhicheng.core import crypto

pytestmark = pytest.mark.django_db
REGISTER = reverse("accounts:register")


def errors_of(response) -> str:
    return response.content.decode()


def test_r20_applicant_registers_with_real_name_and_verified_phone(client, request_code):
    code = request_code()
    response = client.post(REGISTER, registration(sms_code=code))

    assert response.status_code == 302
    assert response.url == reverse("applications:mine")
    user = User.objects.get(id_number_hash=crypto.lookup_hash(NEW_ID))
    assert user.real_name == "王五"
    assert user.role == Role.APPLICANT
    assert user.username.startswith("a")
    assert len(user.username) == 17
    assert user.id_type == IdType.MAINLAND
    assert user.id_number == NEW_ID
    assert user.phone == NEW_PHONE
    assert user.phone_verified_at is not None
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert [e.action for e in history_for(user)] == ["register"]
    assert PhoneVerification.objects.get().used_at is not None


def test_r20_registration_page_has_an_htmx_code_button(client):
    page = client.get(REGISTER).content.decode()
    assert f'hx-post="{reverse("accounts:sms_code")}"' in page
    assert "获取验证码" in page
    for label in ["姓名", "证件类型", "证件号码", "外国人来华工作许可证号", "手机号码", "短信验证码", "确认密码"]:
        assert label in page


def test_r20_wrong_code_is_refused_and_counted(client, request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = client.post(REGISTER, registration(sms_code=wrong))
    assert response.status_code == 200
    assert "短信验证码不正确" in errors_of(response)
    assert not User.objects.filter(real_name="王五").exists()
    assert PhoneVerification.objects.get().failed_attempts == 1


def test_r20_five_wrong_codes_burn_the_code(client, request_code):
    code = request_code()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(5):
        client.post(REGISTER, registration(sms_code=wrong))
    response = client.post(REGISTER, registration(sms_code=code))
    assert "短信验证码错误次数过多，请重新获取" in errors_of(response)
    assert not User.objects.filter(real_name="王五").exists()


def test_r20_expired_code_is_refused(client, request_code):
    start = datetime.datetime(2024, 7, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        code = request_code()
        traveller.shift(datetime.timedelta(minutes=10, seconds=1))
        response = client.post(REGISTER, registration(sms_code=code))
    assert "短信验证码已失效，请重新获取" in errors_of(response)
    assert not User.objects.filter(real_name="王五").exists()


def test_r20_code_sent_to_another_phone_does_not_confirm_this_one(client, request_code):
    code = request_code("13700001111")
    response = client.post(REGISTER, registration(sms_code=code))
    assert "短信验证码已失效" in errors_of(response)


def test_r20_duplicate_id_number_is_told_to_log_in(client, zhang_san, request_code):
    code = request_code()
    response = client.post(REGISTER, registration(id_number=ZHANG_SAN_ID.lower(), sms_code=code))
    assert "该证件号码已注册，请直接登录" in errors_of(response)
    assert User.objects.count() == 1
    assert PhoneVerification.objects.get().used_at is None


def test_r20_phone_of_another_account_is_refused(client, zhang_san, request_code):
    code = request_code(zhang_san.phone)
    response = client.post(REGISTER, registration(phone=zhang_san.phone, sms_code=code))
    assert "该手机号码已被其他账号使用" in errors_of(response)
    assert User.objects.count() == 1


def test_r20_malformed_id_number_is_refused_before_the_code_is_used(client, request_code):
    code = request_code()
    response = client.post(REGISTER, registration(id_number="110108198512120014", sms_code=code))
    assert "居民身份证号码校验位不正确，请核对后重新输入" in errors_of(response)
    assert not User.objects.exists()
    assert PhoneVerification.objects.get().failed_attempts == 0


def test_r20_all_problems_are_shown_at_once(client):
    response = client.post(
        REGISTER,
        registration(real_name="", id_number="110108198512120014", phone="12345", password_confirm="Other-2024!"),
    )
    page = errors_of(response)
    assert "这个字段是必填项" in page
    assert "居民身份证号码校验位不正确，请核对后重新输入" in page
    assert "请填写11位中国大陆手机号码" in page
    assert "两次输入的密码不一致" in page
    assert not User.objects.exists()


def test_r20_weak_password_gets_djangos_chinese_messages(client, request_code):
    code = request_code()
    response = client.post(REGISTER, registration(sms_code=code, password="12345678", password_confirm="12345678"))
    page = errors_of(response)
    assert "这个密码太常见了" in page
    assert "密码只包含数字" in page
    assert not User.objects.exists()


def test_r10_passport_holder_must_give_work_permit_number(client, request_code):
    code = request_code()
    response = client.post(REGISTER, registration(id_type="passport", id_number="E12345678", sms_code=code))
    assert "持外国护照注册须填写外国人来华工作许可证号" in errors_of(response)
    assert not User.objects.exists()

    response = client.post(
        REGISTER,
        registration(id_type="passport", id_number="e12345678", work_permit_number="1100002024000123", sms_code=code),
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.id_type, user.id_number, user.work_permit_number) == ("passport", "E12345678", "1100002024000123")


def test_r10_hk_resident_registers_with_a_residence_permit(client, request_code):
    code = request_code()
    response = client.post(
        REGISTER, registration(id_type="hkmo_residence", id_number="810000199003070023", sms_code=code)
    )
    assert response.status_code == 302
    assert User.objects.get().id_type == IdType.HKMO_RESIDENCE


def test_markup_in_the_name_is_stored_as_text_and_shown_escaped(client, request_code):
    name = '<script>alert("x")</script>'
    code = request_code()
    client.post(REGISTER, registration(real_name=name, sms_code=code))
    assert User.objects.get().real_name == name
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert name not in page


def test_logged_in_user_is_sent_away_from_the_registration_page(client, zhang_san):
    client.force_login(zhang_san)
    assert client.get(REGISTER).status_code == 302


@pytest.mark.parametrize("phone", ["12345678901", "1381234567", "abc"])
def test_code_is_not_sent_to_a_malformed_number(client, phone):
    response = client.post(reverse("accounts:sms_code"), {"phone": phone}, HTTP_HX_REQUEST="true")
    assert "请填写11位中国大陆手机号码" in response.content.decode()
    assert not PhoneVerification.objects.exists()


def test_code_button_works_without_javascript(client):
    response = client.post(reverse("accounts:sms_code"), registration(phone="+86 139-1111-2222"))
    page = response.content.decode()
    assert "验证码已发送" in page
    assert 'value="王五"' in page
    assert PASSWORD not in page
