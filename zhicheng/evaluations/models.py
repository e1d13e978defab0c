"""An evaluation session (评审会) of one committee: its applicants, drawn experts, draws and conflicts."""

from django.conf import settings
from django.db import models


class SessionStatus(models.TextChoices):
    PREPARING = "preparing", "筹备中"
    DRAW_REQUESTED = "draw_requested", "待市局抽取专家"
    CONFIRMING = "confirming", "专家确认中"
    ROSTER_FILED = "roster_filed", "专家名单已报备，评议中"
    MEETING = "meeting", "评审会议进行中"
    VOTING = "voting", "投票表决中"
    CLOSED = "closed", "已宣布结果，待签署纪要"
    SIGNED = "signed", "会议纪要已签署"
    REPORTED = "reported", "已报市局验收"


class EvaluationSession(models.Model):
    """One sitting of a committee for the year's paid applications (R-63…R-72)."""

    plan = models.ForeignKey("catalog.Plan", verbose_name="年度", on_delete=models.PROTECT, related_name="sessions")
    committee = models.ForeignKey(
        "catalog.Committee", verbose_name="评委会", on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField("名称", max_length=120)
    meeting_on = models.DateField("评审会议日期")
    place = models.CharField("会议地点", max_length=200)
    experts_requested = models.PositiveSmallIntegerField("申请抽取专家人数")
    status = models.CharField(
        "状态", max_length=20, choices=SessionStatus.choices, default=SessionStatus.PREPARING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Fixed when the roster is filed; the quorum of the meeting is counted against it.
    committee_size = models.PositiveSmallIntegerField("评委会人数", null=True, blank=True)

    class Meta:
        verbose_name = "评审会"
        verbose_name_plural = "评审会"
        ordering = ["-meeting_on", "id"]

    def __str__(self) -> str:
        return self.name


class SessionApplication(models.Model):
    """An application put before the session; the panel evaluates it and the meeting votes on it."""

    session = models.ForeignKey(
        EvaluationSession, verbose_name="评审会", on_delete=models.PROTECT, related_name="entries"
    )
    application = models.OneToOneField(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="evaluation"
    )
    panel = models.ForeignKey(
        "panels.Panel", verbose_name="评议组", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )

    class Meta:
        verbose_name = "参评申报"
        verbose_name_plural = "参评申报"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.session} · {self.application_id}"


class SeatRole(models.TextChoices):
    CHAIR = "chair", "主任委员"
    VICE_CHAIR = "vice_chair", "副主任委员"
    MEMBER = "member", "委员"


class SeatStatus(models.TextChoices):
    INVITED = "invited", "待确认"
    ACCEPTED = "accepted", "已确认参加"
    DECLINED = "declined", "已谢绝"
    WITHDRAWN = "withdrawn", "已回避"


class Seat(models.Model):
    """A drawn expert's place in the session. Who sits where is shown only to the agency and the bureau (R-73)."""

    session = models.ForeignKey(
        EvaluationSession, verbose_name="评审会", on_delete=models.PROTECT, related_name="seats"
    )
    expert = models.ForeignKey("experts.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="seats")
    draw = models.ForeignKey("Draw", verbose_name="抽取批次", on_delete=models.PROTECT, related_name="seats")
    status = models.CharField("状态", max_length=20, choices=SeatStatus.choices, default=SeatStatus.INVITED)
    role = models.CharField("职务", max_length=20, choices=SeatRole.choices, default=SeatRole.MEMBER)
    responded_at = models.DateTimeField("确认时间", null=True, blank=True)
    response_note = models.CharField("谢绝或回避原因", max_length=200, blank=True)
    # The SMS link carries a random token; only its digest is kept.
    token_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    attended = models.BooleanField("出席评审会议", null=True, blank=True)
    has_voted = models.BooleanField("已投票", default=False)

    class Meta:
        verbose_name = "评审专家席位"
        verbose_name_plural = "评审专家席位"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["session", "expert"], name="one_seat_per_expert")]

    def __str__(self) -> str:
        return f"{self.session} · {self.expert}"


class DrawKind(models.TextChoices):
    INITIAL = "initial", "首次抽取"
    REPLACEMENT = "replacement", "补充抽取"


class Draw(models.Model):
    """The auditable record of one random draw: frozen pool, exclusions, parameters, seed commitment and reveal."""

    session = models.ForeignKey(
        EvaluationSession, verbose_name="评审会", on_delete=models.PROTECT, related_name="draws"
    )
    kind = models.CharField("类型", max_length=20, choices=DrawKind.choices, default=DrawKind.INITIAL)
    number = models.PositiveSmallIntegerField("抽取人数")
    parameters = models.JSONField("抽取条件", default=dict)
    pool = models.JSONField("冻结的候选专家编号", default=list)
    pool_digest = models.CharField("候选名单摘要（SM3）", max_length=64)
    exclusions = models.JSONField("排除名单及原因", default=list)
    exclusions_digest = models.CharField("排除名单摘要（SM3）", max_length=64)
    seed_commitment = models.CharField("随机种子承诺值（SM3）", max_length=64)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    result = models.JSONField("抽取结果（专家编号，按抽中顺序）", default=list)
    # Empty for a replacement draw that the system makes after a decline or a withdrawal.
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="抽取人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家抽取记录"
        verbose_name_plural = "专家抽取记录"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.session} {self.get_kind_display()} {self.number}人"


class ConflictSource(models.TextChoices):
    SAME_UNIT = "same_unit", "与申报人同一单位"
    EXPERT_DECLARED = "expert_declared", "专家申报回避"
    AGENCY_RECORDED = "agency_recorded", "评审机构通知回避"


class Conflict(models.Model):
    """An interest between an expert and an applicant (R-64): before the draw it excludes, after it recuses."""

    session = models.ForeignKey(
        EvaluationSession, verbose_name="评审会", on_delete=models.PROTECT, related_name="conflicts"
    )
    expert = models.ForeignKey(
        "experts.Expert", verbose_name="专家", on_delete=models.PROTECT, related_name="conflicts"
    )
    entry = models.ForeignKey(
        SessionApplication, verbose_name="申报", on_delete=models.PROTECT, related_name="conflicts"
    )
    source = models.CharField("来源", max_length=20, choices=ConflictSource.choices)
    reason = models.CharField("回避原因", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "回避记录"
        verbose_name_plural = "回避记录"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["expert", "entry"], name="one_conflict_per_pair")]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.entry_id}：{self.reason}"
