"""Uploaded materials (申报材料). Files live under random names outside the web root."""

import uuid

from django.conf import settings
from django.db import models


class AttachmentKind(models.TextChoices):
    ID_DOCUMENT = "id_document", "身份证件"
    EDUCATION_CERT = "education_cert", "学历学位证书"
    TITLE_CERT = "title_cert", "现有职称证书"
    QUALIFICATION_CERT = "qualification_cert", "职业资格证书"
    ACHIEVEMENT = "achievement", "业绩成果证明"
    EXCEPTIONAL_RECOMMENDATION = "exceptional_recommendation", "高级职称破格申报推荐表"
    ENTRUSTMENT_LETTER = "entrustment_letter", "职称评审委托函"
    EXAM_PASS = "exam_pass", "职业资格考试合格证明"
    ASSOCIATION_RECOMMENDATION = "association_recommendation", "协会/学会推荐材料"
    WORK_PERMIT = "work_permit", "外国人来华工作许可证"
    SIGNED_INFO_FORM = "signed_info_form", "签字盖章的职称申报信息表"
    SIGNED_PLEDGE = "signed_pledge", "本人签字的诚信承诺书"
    SIGNED_POSTING = "signed_posting", "单位盖章的公示材料"
    OTHER = "other", "其他材料"


def _stored_name(instance: "Attachment", filename: str) -> str:
    return f"attachments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


def _thumb_name(instance: "Attachment", filename: str) -> str:
    return f"thumbnails/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}.jpg"


class Attachment(models.Model):
    """One uploaded file. Replacing it keeps the old row (replaced_at set) so submitted versions stay intact."""

    application = models.ForeignKey(
        "applications.Application", verbose_name="申报", on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField("材料类别", max_length=40, choices=AttachmentKind.choices)
    achievement = models.ForeignKey(
        "applications.Achievement",
        verbose_name="对应业绩成果",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField("文件", upload_to=_stored_name, max_length=200)
    thumbnail = models.FileField("缩略图", upload_to=_thumb_name, max_length=200, blank=True)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    replaced_at = models.DateTimeField("被替换时间", null=True, blank=True)

    class Meta:
        verbose_name = "申报材料"
        verbose_name_plural = "申报材料"
        ordering = ["kind", "uploaded_at"]
        indexes = [models.Index(fields=["application", "kind", "replaced_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None
