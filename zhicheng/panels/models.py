"""Panels (评议组, R-65), their scoring and written opinions (R-66), and defenses (答辩, R-67)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zhicheng.catalog.models import Level

# Senior and intermediate applicants defend on site; junior ones (助理级, 员级) do not.
DEFENSE_LEVELS = frozenset({Level.SENIOR_FULL, Level.SENIOR_DEPUTY, Level.INTERMEDIATE})


class Panel(models.Model):
    """At least 3 experts of one session, formed by specialty; a member sees only this panel's applications."""

    MIN_MEMBERS = 3

    session = models.ForeignKey(
        "evaluations.EvaluationSession", verbose_name="评审会", on_delete=models.PROTECT, related_name="panels"
    )
    name = models.CharField("名称", max_length=60)
    specialty = models.ForeignKey(
        "catalog.Specialty", verbose_name="专业", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField("答辩地点", max_length=200, blank=True)

    class Meta:
        verbose_name = "评议组"
        verbose_name_plural = "评议组"
        ordering = ["session", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "name"], name="panel_name_per_session")]

    def __str__(self) -> str:
        return self.name


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, verbose_name="评议组", on_delete=models.CASCADE, related_name="members")
    seat = models.OneToOneField(
        "evaluations.Seat", verbose_name="专家席位", on_delete=models.PROTECT, related_name="panel_membership"
    )
    is_leader = models.BooleanField("组长", default=False)

    class Meta:
        verbose_name = "评议组成员"
        verbose_name_plural = "评议组成员"
        ordering = ["panel", "-is_leader", "id"]

    def __str__(self) -> str:
        return f"{self.panel} · {self.seat.expert}"


class ItemKind(models.TextChoices):
    QUANTITATIVE = "quantitative", "定量（分值）"
    QUALITATIVE = "qualitative", "定性（等次）"


class ScoringItem(models.Model):
    """One line of a series' evaluation standard (评价标准), edited by the bureau as data (R-66)."""

    series = models.ForeignKey(
        "catalog.Series", verbose_name="系列", on_delete=models.PROTECT, related_name="scoring_items"
    )
    name = models.CharField("评价项目", max_length=60)
    kind = models.CharField("类型", max_length=20, choices=ItemKind.choices, default=ItemKind.QUANTITATIVE)
    max_points = models.PositiveSmallIntegerField("满分", default=0, help_text="定性项目填0")
    guidance = models.CharField("评价要点", max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "评价标准项目"
        verbose_name_plural = "评价标准项目"
        ordering = ["series", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.series.name}·{self.name}"

    def clean(self) -> None:
        if self.kind == ItemKind.QUANTITATIVE and not self.max_points:
            raise ValidationError({"max_points": "定量项目须填写满分"})
        if self.kind == ItemKind.QUALITATIVE and self.max_points:
            raise ValidationError({"max_points": "定性项目按等次评价，满分填0"})


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Score(models.Model):
    """One panel member's mark on one item for one applicant."""

    entry = models.ForeignKey(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="scores"
    )
    member = models.ForeignKey(PanelMember, verbose_name="评议专家", on_delete=models.PROTECT, related_name="scores")
    item = models.ForeignKey(ScoringItem, verbose_name="评价项目", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分值", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("等次", max_length=20, choices=Grade.choices, blank=True)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        constraints = [models.UniqueConstraint(fields=["entry", "member", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.item} {self.points or self.grade}"


class Recommendation(models.TextChoices):
    SUPPORT = "support", "建议通过"
    OPPOSE = "oppose", "建议不通过"


class PanelOpinion(models.Model):
    """The panel's written opinion on one applicant, a key reference for the meeting (R-66)."""

    entry = models.OneToOneField(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="panel_opinion"
    )
    recommendation = models.CharField("评议结论", max_length=20, choices=Recommendation.choices)
    text = models.TextField("书面评议意见")
    average_points = models.DecimalField("平均分", max_digits=6, decimal_places=2, null=True, blank=True)
    written_by = models.ForeignKey(
        PanelMember, verbose_name="填写人", on_delete=models.PROTECT, related_name="opinions_written"
    )
    written_at = models.DateTimeField("填写时间", auto_now=True)

    class Meta:
        verbose_name = "评议组意见"
        verbose_name_plural = "评议组意见"

    def __str__(self) -> str:
        return f"{self.entry_id} {self.get_recommendation_display()}"


class DefenseAttendance(models.TextChoices):
    SCHEDULED = "scheduled", "已安排"
    ATTENDED = "attended", "已参加答辩"
    NO_SHOW = "no_show", "缺席答辩"


class DefenseSlot(models.Model):
    """A senior or intermediate applicant's defense before a panel (R-67); junior applicants have none."""

    entry = models.OneToOneField(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="defense"
    )
    panel = models.ForeignKey(Panel, verbose_name="评议组", on_delete=models.PROTECT, related_name="defenses")
    starts_at = models.DateTimeField("答辩时间")
    place = models.CharField("答辩地点", max_length=200)
    attendance = models.CharField(
        "答辩情况", max_length=20, choices=DefenseAttendance.choices, default=DefenseAttendance.SCHEDULED
    )
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "答辩安排"
        verbose_name_plural = "答辩安排"
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.starts_at:%Y-%m-%d %H:%M} {self.place}"
