from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One state change of one object. Append-only: each row carries its own MAC under a key outside the database.

    The id comes from a database sequence, so appending takes no lock shared with other writers; leaf_index is
    set once, when a checkpoint seals the event into the Merkle tree (checkpoints.py).
    """

    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField("操作人身份", max_length=100)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象编号", max_length=64)
    action = models.CharField("操作", max_length=50)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    reason = models.TextField("原因", blank=True)
    data = models.JSONField("附加信息", default=dict, blank=True)
    mac = models.CharField("消息认证码（HMAC-SM3）", max_length=64)
    leaf_index = models.BigIntegerField("默克尔树叶序号", null=True, blank=True, unique=True)

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"]),
            models.Index(fields=["id"], condition=models.Q(leaf_index__isnull=True), name="audit_event_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.object_type}#{self.object_id} {self.action}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("审计事件只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("审计事件不能删除")


class Checkpoint(models.Model):
    """A signed tree head: the Merkle root over the first tree_size sealed events (RFC 6962), signed with Ed25519."""

    tree_size = models.PositiveBigIntegerField("事件数", unique=True)
    root_hash = models.CharField("树根（SM3）", max_length=64)
    sealed_at = models.DateTimeField("封存时间")
    signature = models.CharField("签名（Ed25519，base64url）", max_length=100)
    frontier = models.JSONField("右边界子树", default=list)
    consistency = models.JSONField("与上一检查点的一致性证明", default=list)

    class Meta:
        verbose_name = "审计检查点"
        verbose_name_plural = "审计检查点"
        ordering = ["tree_size"]

    def __str__(self) -> str:
        return f"{self.tree_size} 条 {self.root_hash[:12]}"
