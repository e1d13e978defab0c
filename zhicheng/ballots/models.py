"""The meeting's secret ballot (R-69, R-70), the results and the signed minutes (R-71, R-72).

While voting is open each voter's sheet is a SealedSheet, encrypted with a key kept outside the
database. Closing the vote opens the box: every ballot becomes a Ballot row holding what was voted and
nothing that leads back to who voted (no voter, no seat, no time, no value shared with another ballot, a
random UUID key), and every receipt commitment a ReceiptCommitment row, apart from the ballots.
Who has voted is Seat.has_voted, kept apart. See ballot_box.py and receipts.py.
"""

import uuid

from django.db import models


class Choice(models.TextChoices):
    APPROVE = "approve", "同意"
    DISAPPROVE = "disapprove", "不同意"
    ABSTAIN = "abstain", "弃权"


class Ballot(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="ballots"
    )
    choice = models.CharField("表决意见", max_length=20, choices=Choice.choices)

    class Meta:
        verbose_name = "选票"
        verbose_name_plural = "选票"

    def __str__(self) -> str:
        return f"{self.entry_id} {self.get_choice_display()}"


class SealedSheet(models.Model):
    """One voter's whole sheet while voting is open: SM4-GCM encrypted, opened and deleted when voting closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "evaluations.EvaluationSession", verbose_name="评审会", on_delete=models.PROTECT, related_name="+"
    )
    envelope = models.TextField("密封选票")
    receipt_tag = models.CharField("回执标记", max_length=64, unique=True)

    class Meta:
        verbose_name = "密封选票"
        verbose_name_plural = "密封选票"

    def __str__(self) -> str:
        return f"{self.session_id} 密封选票"


class ReceiptCommitment(models.Model):
    """HMAC-SM3(receipt secret, entry) of one counted ballot: found by its holder's code, linked to no ballot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.CharField("回执承诺", max_length=64, unique=True)

    class Meta:
        verbose_name = "回执承诺"
        verbose_name_plural = "回执承诺"

    def __str__(self) -> str:
        return f"{self.entry_id} {self.commitment[:12]}"


class VoteResult(models.Model):
    """The tally for one applicant, with the attendance it counted and the rule it applied (R-69)."""

    entry = models.OneToOneField(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="result"
    )
    attending = models.PositiveSmallIntegerField("出席专家人数（不含回避）")
    recused = models.PositiveSmallIntegerField("回避人数", default=0)
    approvals = models.PositiveSmallIntegerField("同意票")
    disapprovals = models.PositiveSmallIntegerField("不同意票")
    abstentions = models.PositiveSmallIntegerField("弃权票")
    rule_numerator = models.PositiveSmallIntegerField("通过比例（分子）")
    rule_denominator = models.PositiveSmallIntegerField("通过比例（分母）")
    passed = models.BooleanField("评审通过")
    decided_at = models.DateTimeField("表决时间")

    class Meta:
        verbose_name = "表决结果"
        verbose_name_plural = "表决结果"
        ordering = ["entry"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.approvals}/{self.attending} {'通过' if self.passed else '未通过'}"

    @property
    def rule_label(self) -> str:
        return f"同意票达到出席专家（不含回避）的{self.rule_numerator}/{self.rule_denominator}及以上"


class Minutes(models.Model):
    """The meeting record (R-72); read-only once every attending expert has signed it (R-71)."""

    session = models.OneToOneField(
        "evaluations.EvaluationSession", verbose_name="评审会", on_delete=models.PROTECT, related_name="minutes"
    )
    summary = models.TextField("会议情况摘要", blank=True)
    chaired_by = models.ForeignKey(
        "evaluations.Seat", verbose_name="主持人", on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField("会议开始时间")
    closed_at = models.DateTimeField("宣布结果时间", null=True, blank=True)
    content_digest = models.CharField("纪要内容摘要（SM3）", max_length=64, blank=True)
    locked_at = models.DateTimeField("归档时间", null=True, blank=True)
    pdf = models.FileField("纪要PDF", upload_to="minutes/", blank=True)
    pdf_sha256 = models.CharField("PDF摘要", max_length=64, blank=True)

    class Meta:
        verbose_name = "评审会议纪要"
        verbose_name_plural = "评审会议纪要"

    def __str__(self) -> str:
        return f"{self.session} 会议纪要"


class Remark(models.Model):
    """The summary of the experts' remarks on one applicant, written during the meeting (R-72)."""

    minutes = models.ForeignKey(Minutes, verbose_name="纪要", on_delete=models.PROTECT, related_name="remarks")
    entry = models.OneToOneField(
        "evaluations.SessionApplication", verbose_name="申报", on_delete=models.PROTECT, related_name="remark"
    )
    text = models.TextField("专家发言摘要")

    class Meta:
        verbose_name = "发言摘要"
        verbose_name_plural = "发言摘要"

    def __str__(self) -> str:
        return f"{self.entry_id} 发言摘要"


class Signature(models.Model):
    minutes = models.ForeignKey(Minutes, verbose_name="纪要", on_delete=models.PROTECT, related_name="signatures")
    seat = models.OneToOneField(
        "evaluations.Seat", verbose_name="专家席位", on_delete=models.PROTECT, related_name="signature"
    )
    content_digest = models.CharField("签署时的纪要摘要（SM3）", max_length=64)
    signed_at = models.DateTimeField("签署时间")

    class Meta:
        verbose_name = "纪要签名"
        verbose_name_plural = "纪要签名"
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.minutes} · {self.seat.expert}"
