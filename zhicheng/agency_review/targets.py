"""What a correction item can point at: a field of the application, the work history, the achievements, or a kind
of material (R-41: each item names the exact part to correct)."""

from zhicheng.applications.models import Application
from zhicheng.applications.snapshots import APPLICATION_FIELDS
from zhicheng.materials.models import AttachmentKind

# The fields an applicant fills in; committee, specialty and level are the choice of committee, not corrected here.
FIELD_TARGETS = [name for name in APPLICATION_FIELDS if name not in {"committee", "specialty", "level"}]


def correction_targets() -> dict[str, str]:
    """Every target, value → Chinese label, in the order of the application form."""
    fields = {
        name: f"申报信息：{getattr(Application._meta.get_field(name), 'verbose_name', name)}" for name in FIELD_TARGETS
    }
    rows = {"work_history": "工作经历", "achievements": "业绩成果"}
    files = {f"attachments.{kind.value}": f"材料：{kind.label}" for kind in AttachmentKind}
    return fields | rows | files


def target_label(target: str) -> str:
    return correction_targets().get(target, target)
