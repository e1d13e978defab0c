"""Data comparison (数据比对, R-104): fingerprints of every application's achievements and files, and findings."""

from django.conf import settings
from django.db import models


class Key(models.TextChoices):
    """What a fingerprint stands for; identifiers match exactly, bands only make candidates to verify."""

    DOI = "doi", "DOI"
    ISSN_TITLE = "issn_title", "刊号与题名"
    PATENT = "patent", "专利号"
    PROJECT = "project", "项目编号"
    AWARD = "award", "获奖证书编号"
    TITLE = "title", "题名"
    TITLE_BAND = "title_band", "相近题名"
    FILE = "file", "同一文件"
    IMAGE_BAND = "image_band", "相近图片"


class Fingerprint(models.Model):
    """One key of one achievement or file; applications share a key when they claim the same thing."""

    value = models.BigIntegerField("键值")
    kind = models.CharField("类别", max_length=20, choices=Key.choices)
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="fingerprints")
    applicant_id = models.BigIntegerField("申报人")  # one person's own earlier application is no finding
    achievement = models.ForeignKey(
        "applications.Achievement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    attachment = models.ForeignKey(
        "materials.Attachment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    detail = models.CharField("比对依据", max_length=64, blank=True)  # the perceptual hash of an image

    class Meta:
        verbose_name = "比对指纹"
        verbose_name_plural = "比对指纹"
        indexes = [
            models.Index(fields=["value"], name="fingerprint_value_idx"),
            # The batch reads file and image keys only: a small part of the table.
            models.Index(
                fields=["value"], condition=models.Q(attachment__isnull=False), name="fingerprint_file_value_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"


class FindingKind(models.TextChoices):
    SAME_IDENTIFIER = "same_identifier", "同一成果编号"
    SIMILAR_TITLE = "similar_title", "题名高度相似"
    SAME_FILE = "same_file", "同一上传文件"
    SIMILAR_IMAGE = "similar_image", "图片高度相似"
    REGISTRY = "registry", "登记信息核验不符"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待核查"
    EXPLAINED = "explained", "已核实，情况正常"
    FRAUD = "fraud", "认定弄虚作假"


class Finding(models.Model):
    """What the comparison found on one application, with the other application it shares it with."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="findings")
    other = models.ForeignKey(
        "applications.Application",
        verbose_name="相关申报",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("类别", max_length=20, choices=FindingKind.choices)
    key = models.CharField("比对项", max_length=120)
    achievement = models.ForeignKey(
        "applications.Achievement", null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    other_achievement = models.ForeignKey(
        "applications.Achievement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attachment = models.ForeignKey(
        "materials.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_attachment = models.ForeignKey(
        "materials.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    score = models.FloatField("相似度", default=1.0)
    detail = models.CharField("说明", max_length=300)
    status = models.CharField("核查结论", max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    note = models.TextField("核查说明", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("核查时间", null=True, blank=True)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)

    class Meta:
        verbose_name = "比对发现"
        verbose_name_plural = "比对发现"
        ordering = ["application", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "key"], name="finding_once_per_key")]

    def __str__(self) -> str:
        return f"{self.application}：{self.get_kind_display()}"
