"""Frozen versions: what exactly was submitted, and what changed between two submissions."""

import json
from dataclasses import dataclass
from typing import Any

from django.db import models

from zhicheng.applications.forms import AchievementForm, BasicForm, SpecialForm, TitleEducationForm, WorkHistoryForm
from zhicheng.applications.models import Achievement, Application, WorkHistory
from zhicheng.core.crypto import sm3_hex
from zhicheng.materials.models import Attachment

# Fields frozen into a version: what the applicant fills in. Identity numbers and phones stay out (plain JSON).
APPLICATION_FIELDS = [
    "committee", "specialty", "level",
    *BasicForm.Meta.fields, *TitleEducationForm.Meta.fields, "education_check", *SpecialForm.Meta.fields,
]  # fmt: skip
WORK_FIELDS = list(WorkHistoryForm.Meta.fields)
ACHIEVEMENT_FIELDS = list(AchievementForm.Meta.fields)


def _display(instance: models.Model, name: str) -> Any:
    """A JSON value a reviewer can read: choices as their label, related objects as their name."""
    field = instance._meta.get_field(name)
    if field.is_relation:
        related = getattr(instance, name)
        return str(related) if related is not None else None
    value = getattr(instance, name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if getattr(field, "choices", None) and value not in (None, ""):
        return str(getattr(instance, f"get_{name}_display")())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def build_snapshot(application: Application) -> dict[str, Any]:
    attachments = Attachment.objects.filter(application=application, replaced_at__isnull=True).order_by("kind", "id")
    return {
        "applicant": application.applicant.real_name,
        "plan": application.plan.year,
        "fields": {name: _display(application, name) for name in APPLICATION_FIELDS},
        "work_history": [
            {name: _display(row, name) for name in WORK_FIELDS}
            for row in WorkHistory.objects.filter(application=application).order_by("started_on", "id")
        ],
        "achievements": [
            {"id": row.pk, **{name: _display(row, name) for name in ACHIEVEMENT_FIELDS}}
            for row in Achievement.objects.filter(application=application).order_by("kind", "achieved_on", "id")
        ],
        "attachments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "kind_label": a.get_kind_display(),
                "name": a.original_name,
                "sha256": a.sha256,
                "size": a.size,
                "achievement": a.achievement_id,
            }
            for a in attachments
        ],
    }


def digest(snapshot: dict[str, Any]) -> str:
    return sm3_hex(json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode())


@dataclass(frozen=True)
class Change:
    section: str
    item: str
    before: Any
    after: Any


def _label(name: str, model: type[models.Model]) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def diff(older: dict[str, Any], newer: dict[str, Any]) -> list[Change]:
    """Every field, row and file that differs between two snapshots, labelled in Chinese."""
    changes = [
        Change("申报信息", _label(name, Application), older["fields"].get(name), newer["fields"].get(name))
        for name in APPLICATION_FIELDS
        if older["fields"].get(name) != newer["fields"].get(name)
    ]
    changes += _diff_rows("工作经历", older["work_history"], newer["work_history"], "organization_name")
    changes += _diff_rows("业绩成果", _without_ids(older["achievements"]), _without_ids(newer["achievements"]), "title")
    old_files = {(a["kind_label"], a["sha256"]): a["name"] for a in older["attachments"]}
    new_files = {(a["kind_label"], a["sha256"]): a["name"] for a in newer["attachments"]}
    changes += [Change("材料", key[0], None, name) for key, name in new_files.items() if key not in old_files]
    changes += [Change("材料", key[0], name, None) for key, name in old_files.items() if key not in new_files]
    return changes


def _without_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k != "id"} for row in rows]


def _diff_rows(section: str, older: list[dict[str, Any]], newer: list[dict[str, Any]], key: str) -> list[Change]:
    removed = [row for row in older if row not in newer]
    added = [row for row in newer if row not in older]
    return [Change(section, str(row.get(key)), _summary(row), None) for row in removed] + [
        Change(section, str(row.get(key)), None, _summary(row)) for row in added
    ]


def _summary(row: dict[str, Any]) -> str:
    return "；".join(str(v) for v in row.values() if v not in (None, "", False))
