"""The application (申报) with its sections, and the frozen versions made at each submission."""

import datetime

from django.conf import settings
from django.db import models

from zhicheng.catalog.models import Level


class Status(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "待单位审核"
    RETURNED = "returned", "单位退回修改"
    UNIT_POSTING = "unit_posting", "单位公示中"
    DISTRICT_REVIEW = "district_review", "区人社局推荐中"
    AGENCY_REVIEW = "agency_review", "评审机构审核中"
    CORRECTION = "correction", "待补正材料"
    APPROVED = "approved", "审核通过待缴费"
    PAID = "paid", "已缴费待评审"
    PASSED = "passed", "评审通过待验收"
    ACCEPTED = "accepted", "已验收，评审结果公示中"
    CONFIRMED = "confirmed", "已确认备案"
    REVOKED = "revoked", "职称已撤销"
    FAILED = "failed", "评审未通过"
    ABANDONED = "abandoned", "视为放弃申报"
    NOT_RECOMMENDED = "not_recommended", "未获区推荐委员会推荐"
    CANCELLED = "cancelled", "已取消申报资格"


CLOSED_STATUSES = frozenset({Status.ABANDONED, Status.NOT_RECOMMENDED, Status.FAILED, Status.REVOKED, Status.CANCELLED})
ACTIVE_STATUSES = frozenset(Status) - CLOSED_STATUSES
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED, Status.CORRECTION})


class EmploymentType(models.TextChoices):
    UNIT_STAFF = "unit_staff", "用人单位在职人员"
    FREELANCER = "freelancer", "自由职业者"
    HIGH_SKILLED = "high_skilled", "高技能人才"
    CENTRAL_UNIT = "central_unit", "中央在京单位人员"


class Basis(models.TextChoices):
    NONE = "none", "无（首次申报）"
    TITLE = "title", "现有职称"
    QUALIFICATION = "qualification", "职业资格"


class Education(models.TextChoices):
    DOCTORATE = "doctorate", "博士研究生"
    MASTER = "master", "硕士研究生"
    BACHELOR = "bachelor", "大学本科"
    COLLEGE = "college", "大学专科"
    SECONDARY = "secondary", "中专/技校"
    HIGH_SCHOOL = "high_school", "高中及以下"


class EducationCheck(models.TextChoices):
    UNCHECKED = "unchecked", "未核验"
    CONFIRMED = "confirmed", "学信网核验通过"
    NOT_FOUND = "not_found", "未能核验，须上传证书"


class Application(models.Model):
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="applications"
    )
    plan = models.ForeignKey("catalog.Plan", verbose_name="年度", on_delete=models.PROTECT, related_name="applications")
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name="评委会", on_delete=models.PROTECT, related_name="applications"
    )
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name="申报专业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("申报级别", max_length=20, choices=Level.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    due_on = models.DateField("当前环节截止日期", null=True, blank=True)

    # Personal data declared for this application.
    gender = models.CharField("性别", max_length=2, choices=[("男", "男"), ("女", "女")], blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    employment_type = models.CharField(
        "人员类别", max_length=20, choices=EmploymentType.choices, default=EmploymentType.UNIT_STAFF
    )
    unit = models.ForeignKey(
        "accounts.Organization",
        verbose_name="工作单位（参保单位）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_applications",
    )
    association = models.ForeignKey(
        "accounts.Organization",
        verbose_name="推荐协会/学会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommended_applications",
    )
    position = models.CharField("现任职务/岗位", max_length=60, blank=True)
    beijing_work_since = models.DateField("在京从业起始日期", null=True, blank=True, help_text="自由职业者填写")
    is_civil_servant = models.BooleanField("是否为公务员（参公管理人员）", default=False)
    is_retired = models.BooleanField("是否已离退休", default=False)
    sanction_until = models.DateField(
        "处分或从业限制期至", null=True, blank=True, help_text="受行政记过及以上处分或从业限制的，填写期满日期"
    )

    # Current title or qualification.
    basis = models.CharField("现有职称或资格", max_length=20, choices=Basis.choices, default=Basis.NONE)
    current_series = models.ForeignKey(
        "catalog.Series", verbose_name="现有职称系列", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    current_level = models.CharField("现有职称级别", max_length=20, choices=Level.choices, blank=True)
    current_obtained_on = models.DateField("取得时间", null=True, blank=True)
    current_certificate_number = models.CharField("证书编号", max_length=60, blank=True)
    qualification = models.ForeignKey(
        "catalog.QualificationMapping",
        verbose_name="职业资格",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Education (R-19: checked against national records, else the certificate is uploaded).
    education = models.CharField("最高学历", max_length=20, choices=Education.choices, blank=True)
    degree = models.CharField("学位", max_length=20, blank=True)
    school = models.CharField("毕业院校", max_length=100, blank=True)
    major = models.CharField("所学专业", max_length=100, blank=True)
    graduated_on = models.DateField("毕业时间", null=True, blank=True)
    diploma_number = models.CharField("学历证书编号", max_length=40, blank=True)
    education_check = models.CharField(
        "学历核验", max_length=20, choices=EducationCheck.choices, default=EducationCheck.UNCHECKED
    )

    # Special paths.
    is_exceptional = models.BooleanField("破格申报", default=False, help_text="R-17")
    exceptional_reason = models.TextField("破格理由", blank=True)
    is_fast_track = models.BooleanField(
        "高端领军人才“直通车”申报",
        default=False,
        help_text="正高级工程师、研究员；经区人社局推荐委员会推荐后报评审机构",
    )
    exam_certificate_number = models.CharField(
        "考试合格证明编号", max_length=60, blank=True, help_text="考评结合系列副高级（R-18）"
    )
    work_summary = models.TextField("专业技术工作总结", blank=True)

    version_count = models.PositiveIntegerField("已提交版本数", default=0)
    submitted_at = models.DateTimeField("最近提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "职称申报"
        verbose_name_plural = "职称申报"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "plan"],
                condition=~models.Q(status__in=[Status.ABANDONED, Status.NOT_RECOMMENDED]),
                name="one_active_application_per_year",
                violation_error_message="每人每年度只能有一份有效申报",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["committee", "status"]),
            models.Index(fields=["status", "due_on"]),
            # The unit's and the association's review queues, newest submissions last.
            models.Index(fields=["unit", "submitted_at", "id"], name="application_unit_queue_idx"),
            models.Index(fields=["association", "submitted_at", "id"], name="application_assoc_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year}-{self.pk:06d}"

    @property
    def number(self) -> str:
        return f"{self.plan.year}{self.pk:07d}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def years_in_beijing(self, on: datetime.date) -> float:
        if self.beijing_work_since is None:
            return 0.0
        return (on - self.beijing_work_since).days / 365.25


class WorkHistory(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="work_history")
    started_on = models.DateField("起始时间")
    ended_on = models.DateField("截止时间", null=True, blank=True, help_text="至今留空")
    organization_name = models.CharField("工作单位", max_length=120)
    position = models.CharField("职务/岗位", max_length=60)
    duties = models.TextField("主要工作内容", blank=True)

    class Meta:
        verbose_name = "工作经历"
        verbose_name_plural = "工作经历"
        ordering = ["started_on"]

    def __str__(self) -> str:
        return f"{self.started_on:%Y.%m} {self.organization_name}"


class AchievementKind(models.TextChoices):
    PAPER = "paper", "论文"
    PATENT = "patent", "专利"
    PROJECT = "project", "项目"
    AWARD = "award", "获奖"


class Achievement(models.Model):
    """One achievement (业绩成果); the fields used depend on its kind."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="achievements")
    kind = models.CharField("类别", max_length=20, choices=AchievementKind.choices)
    title = models.CharField("名称", max_length=200)
    achieved_on = models.DateField("时间")
    rank = models.PositiveSmallIntegerField("本人排名", null=True, blank=True)
    journal = models.CharField("刊物名称", max_length=120, blank=True)
    journal_number = models.CharField("刊号（ISSN/CN）", max_length=40, blank=True)
    doi = models.CharField("DOI", max_length=120, blank=True)
    patent_number = models.CharField("专利号", max_length=40, blank=True)
    patent_type = models.CharField(
        "专利类型",
        max_length=20,
        blank=True,
        choices=[("invention", "发明专利"), ("utility", "实用新型"), ("design", "外观设计")],
    )
    project_level = models.CharField(
        "项目级别",
        max_length=20,
        blank=True,
        choices=[("national", "国家级"), ("provincial", "省部级"), ("city", "市级"), ("unit", "单位级")],
    )
    project_role = models.CharField("本人角色", max_length=40, blank=True)
    project_number = models.CharField("项目编号", max_length=60, blank=True)
    award_issuer = models.CharField("颁奖单位", max_length=120, blank=True)
    award_grade = models.CharField("奖项等级", max_length=40, blank=True)
    award_number = models.CharField("获奖证书编号", max_length=60, blank=True)
    is_classified = models.BooleanField("涉密", default=False)
    is_declassified = models.BooleanField("已脱密处理", default=False, help_text="R-23")

    class Meta:
        verbose_name = "业绩成果"
        verbose_name_plural = "业绩成果"
        ordering = ["kind", "achieved_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class ApplicationVersion(models.Model):
    """An immutable snapshot made at each submission; reviewers compare versions."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版本号")
    created_at = models.DateTimeField("提交时间")
    snapshot = models.JSONField("内容")
    digest = models.CharField("SM3摘要", max_length=64)

    class Meta:
        verbose_name = "申报版本"
        verbose_name_plural = "申报版本"
        ordering = ["application", "number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.application} 第{self.number}版"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("已提交的版本不能修改")
        super().save(*args, **kwargs)
