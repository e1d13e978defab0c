"""Accounts API: registration, SMS code, login (with the staff TOTP step), logout, the current user.

The operations that create a session or send a code are reached only from this site: the Origin must be this
host or a trusted origin and the CSRF token (GET /csrf) must come back in X-CSRFToken, like every page form.
"""

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.middleware.csrf import get_token
from ninja import Field, Router, Schema, Status
from ninja.utils import check_csrf
from pydantic import ConfigDict

from zhicheng.accounts import login_flow, services, verification
from zhicheng.accounts.models import IdType, User
from zhicheng.core.api_errors import ErrorOut, api_error, unauthenticated
from zhicheng.core.client import client_ip

router = Router(tags=["accounts"])


class StrictIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")


class SmsCodeIn(StrictIn):
    phone: str = Field(max_length=20, description="中国大陆11位手机号码")


class SmsCodeOut(Schema):
    expires_in_seconds: int
    resend_after_seconds: int


class RegisterIn(StrictIn):
    real_name: str = Field(max_length=services.NAME_MAX_LENGTH)
    id_type: IdType = Field(strict=False, description="证件类型")
    id_number: str = Field(max_length=40)
    work_permit_number: str = Field("", max_length=40, description="外国人来华工作许可证号，仅外国护照必填")
    phone: str = Field(max_length=20)
    sms_code: str = Field(max_length=6)
    password: str = Field(max_length=128)


class LoginIn(StrictIn):
    identifier: str = Field(max_length=60, description="证件号码、手机号码或工作人员用户名")
    password: str = Field(max_length=128)


class TotpIn(StrictIn):
    code: str = Field(max_length=6, description="身份验证器上的6位动态口令")


class MeOut(Schema):
    username: str
    real_name: str
    role: str
    role_label: str
    organization: str | None
    id_type: str
    id_number_masked: str
    phone_masked: str
    phone_verified: bool
    needs_second_factor: bool


class CsrfOut(Schema):
    csrf_token: str = Field(description="在 X-CSRFToken 请求头中回传；同时写入 csrftoken Cookie")


class LoginOut(Schema):
    second_factor_required: bool
    user: MeOut | None


def _me(user: User) -> MeOut:
    return MeOut(
        username=user.username,
        real_name=user.real_name,
        role=user.role,
        role_label=user.get_role_display(),
        organization=user.organization.name if user.organization else None,
        id_type=user.id_type,
        id_number_masked=user.masked_id_number,
        phone_masked=user.masked_phone,
        phone_verified=user.phone_verified_at is not None,
        needs_second_factor=user.needs_second_factor,
    )


def _from_this_site(request: HttpRequest) -> None:
    """Refuses a session-creating call from another origin or without the CSRF token (login CSRF)."""
    if check_csrf(request) is not None:
        raise api_error("请求来源校验失败，请刷新页面后重试", code="csrf_failed")


@router.get("/csrf", auth=None, response={200: CsrfOut}, summary="获取CSRF令牌（登录、注册、获取验证码前调用）")
def csrf_token(request: HttpRequest) -> CsrfOut:
    return CsrfOut(csrf_token=get_token(request))


@router.post(
    "/sms-code",
    auth=None,
    response={200: SmsCodeOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="获取注册短信验证码",
)
def send_sms_code(request: HttpRequest, payload: SmsCodeIn) -> SmsCodeOut:
    _from_this_site(request)
    try:
        verification.send_phone_code(payload.phone, client=client_ip(request))
    except ValidationError as exc:
        raise api_error(exc.messages[0], field="phone") from exc
    return SmsCodeOut(
        expires_in_seconds=int(verification.CODE_LIFETIME.total_seconds()),
        resend_after_seconds=int(verification.RESEND_INTERVAL.total_seconds()),
    )


@router.post(
    "/register",
    auth=None,
    response={201: MeOut, 400: ErrorOut, 422: ErrorOut},
    summary="申报人实名注册（R-20），成功后即登录",
)
def register(request: HttpRequest, payload: RegisterIn) -> Status[MeOut]:
    _from_this_site(request)
    data = services.Registration(
        real_name=payload.real_name,
        id_type=payload.id_type.value,
        id_number=payload.id_number,
        work_permit_number=payload.work_permit_number,
        phone=payload.phone,
        sms_code=payload.sms_code,
        password=payload.password,
    )
    user = services.register_applicant(data)
    login(request, user)
    return Status(201, _me(user))


@router.post(
    "/login",
    auth=None,
    response={200: LoginOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="账号密码登录；工作人员还须调用 /login/totp",
)
def login_password(request: HttpRequest, payload: LoginIn) -> LoginOut:
    _from_this_site(request)
    user = login_flow.password_step(request, payload.identifier, payload.password)
    if user.needs_second_factor:
        return LoginOut(second_factor_required=True, user=None)
    return LoginOut(second_factor_required=False, user=_me(user))


@router.post(
    "/login/totp",
    auth=None,
    response={200: MeOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="工作人员动态口令（TOTP）验证，完成登录",
)
def login_totp(request: HttpRequest, payload: TotpIn) -> MeOut:
    _from_this_site(request)
    user = login_flow.second_factor_step(request, payload.code)
    return _me(user)


@router.post("/logout", response={204: None, 401: ErrorOut}, summary="退出登录")
def logout_api(request: HttpRequest) -> Status[None]:
    logout(request)
    return Status(204, None)


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="当前登录用户（证件号码、手机号码脱敏）")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    if not isinstance(user, User):
        raise unauthenticated()
    return _me(user)
