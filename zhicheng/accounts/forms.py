from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from zhicheng.accounts import identity, verification
from zhicheng.accounts.models import IdType
from zhicheng.accounts.services import NAME_MAX_LENGTH, Registration


class RegistrationForm(forms.Form):
    real_name = forms.CharField(label="姓名", max_length=NAME_MAX_LENGTH, help_text="与证件上的姓名一致")
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices, initial=IdType.MAINLAND)
    id_number = forms.CharField(label="证件号码", max_length=40)
    work_permit_number = forms.CharField(
        label="外国人来华工作许可证号", max_length=40, required=False, help_text="仅持外国护照注册时填写"
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric"}),
        help_text="用于接收验证码和申报进度短信",
    )
    sms_code = forms.CharField(
        label="短信验证码",
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少8位，不能全是数字，不能过于常见",
    )
    password_confirm = forms.CharField(
        label="确认密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_phone(self) -> str:
        return verification.validate_mobile(self.cleaned_data["phone"])

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password

    def clean(self) -> dict[str, Any]:
        """Show the document problems together with the others; register_applicant checks them again."""
        data = super().clean() or {}
        id_type = data.get("id_type", "")
        checks = [
            ("id_number", lambda: identity.validate_id_number(id_type, data["id_number"])),
            ("work_permit_number", lambda: identity.validate_work_permit_number(id_type, data["work_permit_number"])),
        ]
        for field, check in checks:
            if id_type and field in data:
                try:
                    check()
                except ValidationError as exc:
                    self.add_error(field, exc)
        if data.get("password") and data.get("password_confirm") and data["password"] != data["password_confirm"]:
            self.add_error("password_confirm", "两次输入的密码不一致")
        return data

    def registration(self) -> Registration:
        data = self.cleaned_data
        return Registration(
            real_name=data["real_name"],
            id_type=data["id_type"],
            id_number=data["id_number"],
            work_permit_number=data["work_permit_number"],
            phone=data["phone"],
            sms_code=data["sms_code"],
            password=data["password"],
        )


class LoginForm(forms.Form):
    identifier = forms.CharField(
        label="账号",
        max_length=60,
        help_text="证件号码、手机号码或工作人员用户名",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpForm(forms.Form):
    code = forms.CharField(
        label="动态口令",
        max_length=6,
        min_length=6,
        help_text="身份验证器应用上显示的6位数字",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
