from django.contrib.auth.models import AbstractUser
from django.db import models

from zhicheng.core import crypto
from zhicheng.core.fields import EncryptedTextField
from zhicheng.core.masking import mask_id_number, mask_phone


class Role(models.TextChoices):
    APPLICANT = "applicant", "申报人"
    UNIT_HR = "unit_hr", "用人单位人事"
    ASSOCIATION = "association", "行业协会"
    AGENCY = "agency", "评审服务机构"
    BUREAU = "bureau", "市人社局"
    DISTRICT_BUREAU = "district_bureau", "区人社局"
    EXPERT = "expert", "评审专家"


STAFF_ROLES = frozenset(Role) - {Role.APPLICANT}


class OrgKind(models.TextChoices):
    UNIT = "unit", "用人单位"
    ASSOCIATION = "association", "行业协会/学会"
    AGENCY = "agency", "评审服务机构"
    BUREAU = "bureau", "市人力资源社会保障局"
    DISTRICT_BUREAU = "district_bureau", "区人力资源社会保障局"


class Ownership(models.TextChoices):
    STATE = "state", "国有企事业单位"
    PRIVATE = "private", "非公有制经济组织"
    SOCIAL = "social", "社会组织"
    CENTRAL = "central", "中央在京单位"


class Organization(models.Model):
    kind = models.CharField("类型", max_length=20, choices=OrgKind.choices)
    name = models.CharField("名称", max_length=120, unique=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    ownership = models.CharField("单位性质", max_length=20, choices=Ownership.choices, blank=True)
    district = models.ForeignKey(
        "catalog.District",
        verbose_name="参保所在区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    needs_entrustment = models.BooleanField(
        "申报须上传委托函", default=False, help_text="中央在京单位本级及所属二级单位（001 五(二)）"
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "单位/机构"
        verbose_name_plural = "单位/机构"
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class IdType(models.TextChoices):
    MAINLAND = "mainland", "居民身份证"
    HKMO_RESIDENCE = "hkmo_residence", "港澳居民居住证"
    TW_RESIDENCE = "tw_residence", "台湾居民居住证"
    HKMO_PERMIT = "hkmo_permit", "港澳居民来往内地通行证"
    TW_PERMIT = "tw_permit", "台湾居民来往大陆通行证"
    FOREIGN_PR = "foreign_pr", "外国人永久居留身份证"
    PASSPORT = "passport", "外国护照（持外国人来华工作许可证）"


class User(AbstractUser):
    """Every person who logs in. Applicants log in with ID number or phone; staff with a username + TOTP."""

    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.APPLICANT)
    real_name = models.CharField("姓名", max_length=60, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="所属单位/机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = EncryptedTextField("证件号码", blank=True)
    id_number_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    work_permit_number = EncryptedTextField("外国人来华工作许可证号", blank=True)
    phone = EncryptedTextField("手机号码", blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_verified_at = models.DateTimeField("手机验证时间", null=True, blank=True)
    totp_secret = EncryptedTextField("动态口令密钥", blank=True, editable=False)
    # The newest 30-second TOTP step accepted, so that a code cannot be used twice.
    totp_last_step = models.BigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.real_name or self.username

    def set_id_number(self, id_type: str, value: str) -> None:
        self.id_type = id_type
        self.id_number = value.strip().upper()
        self.id_number_hash = crypto.lookup_hash(self.id_number)

    def set_phone(self, value: str) -> None:
        self.phone = value.strip()
        self.phone_hash = crypto.lookup_hash(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_applicant(self) -> bool:
        return self.role == Role.APPLICANT

    @property
    def needs_second_factor(self) -> bool:
        return self.role in STAFF_ROLES


class PhoneVerification(models.Model):
    """A 6-digit code sent by SMS to confirm a mobile number; only its keyed hash is stored."""

    phone_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "手机验证码"
        verbose_name_plural = "手机验证码"
        indexes = [models.Index(fields=["phone_hash", "created_at"], name="phone_verification_recent_idx")]

    def __str__(self) -> str:
        return f"验证码 {self.created_at:%Y-%m-%d %H:%M}"
