"""The catalog (名录) and the year's plan: data the bureau edits each year, never constants in code."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models


class Level(models.TextChoices):
    """Title levels, highest first. rank() orders them for the level-by-level rule (R-17)."""

    SENIOR_FULL = "senior_full", "正高级"
    SENIOR_DEPUTY = "senior_deputy", "副高级"
    INTERMEDIATE = "intermediate", "中级"
    ASSISTANT = "assistant", "助理级"
    JUNIOR = "junior", "员级"


LEVEL_RANK = {Level.JUNIOR: 1, Level.ASSISTANT: 2, Level.INTERMEDIATE: 3, Level.SENIOR_DEPUTY: 4, Level.SENIOR_FULL: 5}
SENIOR_LEVELS = frozenset({Level.SENIOR_FULL, Level.SENIOR_DEPUTY})


def level_below(level: str) -> str | None:
    rank = LEVEL_RANK[Level(level)]
    return next((lv for lv, r in LEVEL_RANK.items() if r == rank - 1), None)


class Tier(models.TextChoices):
    """Committee tier (R-60): a senior committee evaluates 正高/副高, a junior one 助理/员."""

    SENIOR = "senior", "高级评委会"
    INTERMEDIATE = "intermediate", "中级评委会"
    JUNIOR = "junior", "初级评委会"


TIER_LEVELS = {
    Tier.SENIOR: (Level.SENIOR_FULL, Level.SENIOR_DEPUTY),
    Tier.INTERMEDIATE: (Level.INTERMEDIATE,),
    Tier.JUNIOR: (Level.ASSISTANT, Level.JUNIOR),
}


class District(models.Model):
    code = models.CharField("代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)

    class Meta:
        verbose_name = "行政区"
        verbose_name_plural = "行政区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Series(models.Model):
    """A title series (职称系列), with the per-series flags that the eligibility rules read."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=60, unique=True)
    is_engineering = models.BooleanField("工程技术系列", default=False, help_text="初级由各区评审（R-01, 001 五(一)）")
    allows_high_skilled = models.BooleanField("高技能人才可申报", default=False, help_text="R-15")
    allows_freelancer = models.BooleanField("自由职业者可申报", default=False, help_text="R-16")
    freelancer_needs_association = models.BooleanField("自由职业者须协会推荐", default=False, help_text="R-16")
    exam_required_for_deputy_senior = models.BooleanField("副高级考评结合", default=False, help_text="R-18")
    allows_fast_track = models.BooleanField(
        "可申报高端领军人才“直通车”", default=False, help_text="正高级，经区人社局推委会推荐（2021年公告 二.5）"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "职称系列"
        verbose_name_plural = "职称系列"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="specialties")
    code = models.CharField("代码", max_length=30)
    name = models.CharField("名称", max_length=60)

    class Meta:
        verbose_name = "专业"
        verbose_name_plural = "专业"
        ordering = ["series", "code"]
        constraints = [models.UniqueConstraint(fields=["series", "code"], name="specialty_code_per_series")]

    def __str__(self) -> str:
        return f"{self.series.name}·{self.name}"


class Committee(models.Model):
    """An evaluation committee (评委会); may take applications only while filed and unexpired (R-03)."""

    MAX_FILING_YEARS = 3
    MIN_BY_SERIES = 25
    MIN_BY_SPECIALTY = 11

    name = models.CharField("名称", max_length=120, unique=True)
    agency = models.ForeignKey(
        "accounts.Organization", verbose_name="评审服务机构", on_delete=models.PROTECT, related_name="committees"
    )
    series = models.ForeignKey(Series, verbose_name="系列", on_delete=models.PROTECT, related_name="committees")
    specialty = models.ForeignKey(
        Specialty,
        verbose_name="专业",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
        help_text="按专业组建的评委会填写；按系列组建的留空",
    )
    tier = models.CharField("层级", max_length=20, choices=Tier.choices)
    evaluates_lower_levels = models.BooleanField("可代评本系列低级别", default=False, help_text="R-60")
    district = models.ForeignKey(
        District,
        verbose_name="所在区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
        help_text="工程技术系列初级评委会按参保单位所在区申报",
    )
    filing_number = models.CharField("备案编号", max_length=60, blank=True)
    filed_on = models.DateField("核准备案日期", null=True, blank=True)
    expires_on = models.DateField("备案有效期至", null=True, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    filed_experts = models.PositiveSmallIntegerField(
        "经备案的评审专家人数下限",
        null=True,
        blank=True,
        help_text="留空时按系列组建不少于25人、按专业组建不少于11人（R-61）",
    )
    self_evaluating_unit = models.ForeignKey(
        "accounts.Organization",
        verbose_name="自主评聘单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_committees",
        help_text="自主评聘单位的评委会只从本单位专家名单中抽取专家",
    )

    class Meta:
        verbose_name = "评审委员会"
        verbose_name_plural = "评审委员会"
        ordering = ["series__sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.filed_on and self.expires_on:
            limit = _add_years(self.filed_on, self.MAX_FILING_YEARS)
            if self.expires_on > limit:
                raise ValidationError({"expires_on": f"备案有效期不得超过3年（最晚 {limit:%Y-%m-%d}）"})
            if self.expires_on < self.filed_on:
                raise ValidationError({"expires_on": "有效期不能早于备案日期"})
        if self.specialty is not None and self.series_id and self.specialty.series_id != self.series_id:
            raise ValidationError({"specialty": "专业不属于所选系列"})

    @property
    def min_experts(self) -> int:
        """Fewest experts the committee may sit with (R-61): the filed number, else 25 by series or 11 by specialty."""
        if self.filed_experts:
            return self.filed_experts
        return self.MIN_BY_SPECIALTY if self.specialty_id else self.MIN_BY_SERIES

    def is_filed_on(self, day: datetime.date) -> bool:
        return bool(self.filed_on and self.expires_on and self.filed_on <= day <= self.expires_on)

    @property
    def levels(self) -> tuple[str, ...]:
        """Levels this committee evaluates: its tier's, plus lower ones of the series when filed so (R-60)."""
        own = TIER_LEVELS[Tier(self.tier)]
        if not self.evaluates_lower_levels:
            return tuple(own)
        top = max(LEVEL_RANK[lv] for lv in own)
        return tuple(lv for lv, r in sorted(LEVEL_RANK.items(), key=lambda x: -x[1]) if r <= top)

    @property
    def level_labels(self) -> list[str]:
        return [Level(lv).label for lv in self.levels]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Plan(models.Model):
    """The year's plan (年度工作安排): which committees take part and the windows (R-01, R-02)."""

    year = models.PositiveIntegerField("年度", unique=True)
    title = models.CharField("通知标题", max_length=200)
    notice_number = models.CharField("文号", max_length=60, blank=True)
    committees = models.ManyToManyField(Committee, verbose_name="名录中的评委会", related_name="plans", blank=True)
    correction_workdays = models.PositiveIntegerField("补正期限（工作日）", default=5)
    # the fractions are data so that a changed rule is an edit, and each result records the one it used.
    quorum_numerator = models.PositiveSmallIntegerField("出席人数比例（分子）", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("出席人数比例（分母）", default=3)
    pass_numerator = models.PositiveSmallIntegerField("通过票数比例（分子）", default=2)
    pass_denominator = models.PositiveSmallIntegerField("通过票数比例（分母）", default=3)
    result_posting_workdays = models.PositiveSmallIntegerField("评审结果公示期（工作日）", default=5, help_text="R-81")
    recheck_workdays = models.PositiveSmallIntegerField(
        "申请复查期限（工作日）", default=10, help_text="自评审委员会表决之日起计算（R-84）"
    )
    recheck_answer_workdays = models.PositiveSmallIntegerField(
        "复查答复期限（工作日）", default=10, help_text="自申报人提出复查申请之日起计算（R-84）"
    )

    class Meta:
        verbose_name = "年度计划"
        verbose_name_plural = "年度计划"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度"


class Step(models.TextChoices):
    APPLY = "apply", "个人网上申报"
    UNIT = "unit", "单位审核推荐"
    AGENCY = "agency", "评审服务机构审核"


class Window(models.Model):
    """A window of one step; a row without series is the default for every series (R-02)."""

    plan = models.ForeignKey(Plan, verbose_name="年度", on_delete=models.CASCADE, related_name="windows")
    series = models.ForeignKey(
        Series,
        verbose_name="系列",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="windows",
        help_text="留空表示适用于所有未单独设置的系列",
    )
    step = models.CharField("环节", max_length=20, choices=Step.choices)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期", help_text="当日24时截止（北京时间）")

    class Meta:
        verbose_name = "申报时间窗口"
        verbose_name_plural = "申报时间窗口"
        ordering = ["plan", "step", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "series", "step"], name="one_window_per_series_step"),
            models.UniqueConstraint(
                fields=["plan", "step"], condition=models.Q(series__isnull=True), name="one_default_window_per_step"
            ),
            models.CheckConstraint(condition=models.Q(closes_on__gte=models.F("opens_on")), name="window_ordered"),
        ]

    def __str__(self) -> str:
        scope = self.series.name if self.series is not None else "默认"
        return f"{self.plan} {scope} {self.get_step_display()} {self.opens_on}—{self.closes_on}"

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Fee(models.Model):
    """The approved fee per committee and level (R-51)."""

    plan = models.ForeignKey(Plan, verbose_name="年度", on_delete=models.CASCADE, related_name="fees")
    committee = models.ForeignKey(Committee, verbose_name="评委会", on_delete=models.PROTECT, related_name="fees")
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    amount = models.DecimalField("金额（元）", max_digits=8, decimal_places=2, default=Decimal("0"))

    class Meta:
        verbose_name = "评审费标准"
        verbose_name_plural = "评审费标准"
        constraints = [models.UniqueConstraint(fields=["plan", "committee", "level"], name="one_fee_per_level")]

    def __str__(self) -> str:
        return f"{self.committee} {self.get_level_display()} {self.amount}元"


class QualificationMapping(models.Model):
    """A row of the qualification ↔ title correspondence table (R-19, 001 附件4)."""

    name = models.CharField("职业资格名称", max_length=100, unique=True)
    series = models.ForeignKey(Series, verbose_name="对应系列", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("对应级别", max_length=20, choices=Level.choices)

    class Meta:
        verbose_name = "职业资格与职称对应关系"
        verbose_name_plural = "职业资格与职称对应关系"
        ordering = ["series", "name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.series.name}{self.get_level_display()}"
