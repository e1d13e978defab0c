"""Comparing applications (数据比对, R-104): the check of one application at submission, the batch over a year,
and the reviewer's conclusion on a finding (a fraud conclusion goes to the bureau as a cancellation proposal)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Achievement, Application
from zhicheng.audit import services as audit
from zhicheng.comparison import fingerprints, registries, sketches
from zhicheng.comparison.fingerprints import ACHIEVEMENT_FIELDS, MAX_GROUP
from zhicheng.comparison.models import Finding, FindingKind, FindingStatus, Fingerprint, Key
from zhicheng.core.errors import DomainError
from zhicheng.integrity import fraud
from zhicheng.materials.models import Attachment

REVIEWER_ROLES = (Role.AGENCY, Role.DISTRICT_BUREAU)
IDENTIFIER_KEYS = {Key.DOI, Key.ISSN_TITLE, Key.PATENT, Key.PROJECT, Key.AWARD}
IDENTIFIER_LABELS = {
    Key.DOI: ("doi", "DOI"),
    Key.ISSN_TITLE: ("journal_number", "刊号与题名"),
    Key.PATENT: ("patent_number", "专利号"),
    Key.PROJECT: ("project_number", "项目编号"),
    Key.AWARD: ("award_number", "获奖证书编号"),
}


class ComparisonError(DomainError):
    """A refused conclusion on a finding."""


@dataclass(frozen=True)
class Side:
    """One side of a match: the application and the achievement (a) or attachment (f) that holds the key."""

    application_id: int
    achievement_id: int | None = None
    attachment_id: int | None = None

    @property
    def tag(self) -> str:
        return f"a{self.achievement_id}" if self.achievement_id else f"f{self.attachment_id}"


def _pair(kind: str, mine: Side, theirs: Side, score: float, detail: str, other_detail: str) -> list[Finding]:
    """The finding on each side; each names only the other application's number, never its person."""
    return [
        Finding(
            application_id=a.application_id,
            other_id=b.application_id,
            kind=kind,
            key=f"{kind}:{a.tag}:{b.tag}",
            achievement_id=a.achievement_id,
            other_achievement_id=b.achievement_id,
            attachment_id=a.attachment_id,
            other_attachment_id=b.attachment_id,
            score=round(score, 3),
            detail=text[:300],
        )
        for a, b, text in ((mine, theirs, detail), (theirs, mine, other_detail))
    ]


def achievement_registry_findings(
    application_id: int, achievement_id: int, kind: str, title: str, journal_number: str, patent_number: str
) -> list[Finding]:
    """The registry checks of one achievement (from a model or from a row of the batch)."""
    problems = registries.journal_problems(journal_number) if kind == "paper" else []
    problems += registries.patent_problems(patent_number) if kind == "patent" else []
    return [
        Finding(
            application_id=application_id,
            kind=FindingKind.REGISTRY,
            key=f"registry:a{achievement_id}:{p.field}",
            achievement_id=achievement_id,
            detail=f"“{title}”：{p.message}"[:300],
        )
        for p in problems
    ]


def unit_registry_findings(application_id: int, credit_code: str) -> list[Finding]:
    return [
        Finding(
            application_id=application_id,
            kind=FindingKind.REGISTRY,
            key=f"registry:unit:{p.field}",
            detail=p.message,
        )
        for p in registries.unit_problems(credit_code)
    ]


def registry_findings(application: Application, achievements: Iterable[Achievement]) -> list[Finding]:
    found = []
    for a in achievements:
        found += achievement_registry_findings(application.pk, a.pk, a.kind, a.title, a.journal_number, a.patent_number)
    unit = application.unit
    return found + unit_registry_findings(application.pk, unit.credit_code if unit is not None else "")


def _claims_of(application: Application) -> tuple[list[Achievement], list[Fingerprint]]:
    """The application's achievements and the fingerprints of them and of its current files (not yet saved)."""
    achievements = list(Achievement.objects.filter(application=application).order_by("id"))
    claims = fingerprints.achievement_claims(
        [(a.kind, {f: getattr(a, f) for f in ACHIEVEMENT_FIELDS}) for a in achievements]
    )
    by_achievement = {a.pk: c for a, c in zip(achievements, claims, strict=True)}
    rows = [
        Fingerprint(
            value=c.value,
            kind=c.kind,
            application=application,
            applicant_id=application.applicant_id,
            achievement_id=pk,
            detail=c.detail,
        )
        for pk, cs in by_achievement.items()
        for c in cs
    ]
    for attachment in Attachment.objects.filter(application=application, replaced_at__isnull=True).order_by("id"):
        phash = None
        if attachment.content_type.startswith("image/"):
            with default_storage.open(str(attachment.file.name), "rb") as stored:
                phash = fingerprints.perceptual_hash(stored.read())
        rows += [
            Fingerprint(
                value=c.value,
                kind=c.kind,
                application=application,
                applicant_id=application.applicant_id,
                attachment=attachment,
                detail=c.detail,
            )
            for c in fingerprints.file_claims(attachment.sha256, phash)
        ]
    return achievements, rows


@transaction.atomic
def check_application(application: Application) -> list[Finding]:
    """Compare one application with every other one of any year; store its fingerprints and the findings.

    1. Fingerprint its achievements and current files (replacing those of an earlier submission).
    2. Load every other person's fingerprint with one of these keys (one indexed query, whatever the year).
    3. Verify band candidates on the real titles or image hashes; exact identifiers need no verification.
    4. Write findings on both sides (each agency sees its own application's), plus the registry checks.
    Open findings that no longer hold (the applicant corrected the material) are removed; concluded ones stay.
    """
    application = Application.objects.select_related("plan", "unit").get(pk=application.pk)
    achievements, rows = _claims_of(application)
    Fingerprint.objects.filter(application=application).delete()
    Fingerprint.objects.bulk_create(rows, batch_size=2000)
    mine = defaultdict(list)
    for row in rows:
        mine[row.value].append(row)
    common = (
        Fingerprint.objects.filter(value__in=list(mine))
        .values("value")
        .annotate(people=Count("applicant_id", distinct=True))
        .filter(people__gt=MAX_GROUP)
        .values("value")
    )
    matches = (
        Fingerprint.objects.filter(value__in=list(mine))
        .exclude(applicant_id=application.applicant_id)
        .exclude(value__in=common)
        .select_related("application__plan", "achievement", "attachment")
    )
    own = {a.pk: a for a in achievements}
    found: dict[str, Finding] = {}
    for theirs in matches:
        for row in mine[theirs.value]:
            if row.kind != theirs.kind:
                continue
            row.application = application
            if row.attachment_id:
                pair = file_findings(row, theirs)
            elif theirs.achievement is not None and row.achievement_id in own:
                me = Side(application.pk, row.achievement_id)
                other = Side(theirs.application_id, theirs.achievement_id)
                pair = achievement_findings(
                    row.kind, me, other, own[row.achievement_id], theirs.achievement, application, theirs.application
                )
            else:
                pair = []
            for finding in pair:
                found.setdefault(f"{finding.key}@{finding.application_id}", finding)
    found.update({f"{f.key}@{application.pk}": f for f in registry_findings(application, achievements)})
    Finding.objects.filter(application=application, status=FindingStatus.OPEN).exclude(
        key__in=[f.key for f in found.values() if f.application_id == application.pk]
    ).delete()
    Finding.objects.bulk_create(found.values(), ignore_conflicts=True, batch_size=2000)
    return list(Finding.objects.filter(application=application).order_by("kind", "id"))


def _number(application: Application) -> str:
    return f"{application.plan.year}年度申报{application.number}"


def file_findings(mine: Fingerprint, other: Fingerprint) -> list[Finding]:
    """The finding pair for two files with the same digest, or two images whose perceptual hashes are close."""
    if mine.attachment is None or other.attachment is None:
        return []
    me = Side(mine.application_id, attachment_id=mine.attachment_id)
    theirs = Side(other.application_id, attachment_id=other.attachment_id)
    my_kind, their_kind = mine.attachment.get_kind_display(), other.attachment.get_kind_display()
    if mine.kind == Key.FILE:
        return _pair(
            FindingKind.SAME_FILE,
            me,
            theirs,
            1.0,
            f"“{my_kind}”与{_number(other.application)}的“{their_kind}”为同一文件",
            f"“{their_kind}”与{_number(mine.application)}的“{my_kind}”为同一文件",
        )
    if mine.attachment.sha256 == other.attachment.sha256:
        return []  # the same file is already one finding
    distance = sketches.hamming(int(mine.detail, 16), int(other.detail, 16))
    if distance > sketches.IMAGE_THRESHOLD:
        return []
    return _pair(
        FindingKind.SIMILAR_IMAGE,
        me,
        theirs,
        1 - distance / 64,
        f"“{my_kind}”图片与{_number(other.application)}的“{their_kind}”高度相似（感知哈希相差{distance}位）",
        f"“{their_kind}”图片与{_number(mine.application)}的“{my_kind}”高度相似（感知哈希相差{distance}位）",
    )


def achievement_findings(
    kind: str,
    me: Side,
    theirs: Side,
    mine: Achievement,
    other: Achievement,
    application: Application,
    other_application: Application,
) -> list[Finding]:
    """The finding pair for two achievements that share a key, after verifying band candidates."""
    if kind in IDENTIFIER_KEYS:
        field, label = IDENTIFIER_LABELS[Key(kind)]
        value = getattr(mine, field) if field != "journal_number" else f"{mine.journal_number}《{mine.title}》"
        other_value = getattr(other, field) if field != "journal_number" else f"{other.journal_number}《{other.title}》"
        return _pair(
            FindingKind.SAME_IDENTIFIER,
            me,
            theirs,
            1.0,
            f"{mine.get_kind_display()}“{mine.title}”的{label}{value}与{_number(other_application)}申报的成果相同",
            f"{other.get_kind_display()}“{other.title}”的{label}{other_value}与{_number(application)}申报的成果相同",
        )
    score = sketches.jaccard(fingerprints.comparable_title(mine.title), fingerprints.comparable_title(other.title))
    if score < sketches.TITLE_THRESHOLD:
        return []
    return _pair(
        FindingKind.SIMILAR_TITLE,
        me,
        theirs,
        score,
        f"{mine.get_kind_display()}“{mine.title}”与{_number(other_application)}申报的“{other.title}”题名高度相似",
        f"{other.get_kind_display()}“{other.title}”与{_number(application)}申报的“{mine.title}”题名高度相似",
    )


@transaction.atomic
def conclude_finding(finding: Finding, *, by: User, status: str, note: str) -> Finding:
    """A reviewer's conclusion: explained (e.g. co-authors), or fraud, which proposes cancellation (R-25)."""
    if status not in (FindingStatus.EXPLAINED, FindingStatus.FRAUD):
        raise ComparisonError("请选择核查结论", field="status")
    note = note.strip()
    if not note:
        raise ComparisonError("请写明核查情况", field="note")
    locked = Finding.objects.select_for_update().select_related("application__committee").get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise ComparisonError(f"该发现已核查：{locked.get_status_display()}")
    if by.role not in REVIEWER_ROLES or locked.application.committee.agency_id != by.organization_id:
        raise ComparisonError("只能核查本机构评委会申报的比对发现")
    locked.status = status
    locked.note = note
    locked.reviewed_by = by
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "note", "reviewed_by", "reviewed_at"])
    audit.record(locked, by=by, action="conclude_finding", from_state=FindingStatus.OPEN, to_state=status, reason=note)
    if status == FindingStatus.FRAUD:
        try:
            fraud.propose_cancellation(
                locked.application, by=by, facts=f"{locked.detail}。核查情况：{note}", finding_id=locked.pk
            )
        except fraud.FraudError as exc:
            raise ComparisonError(exc.message, rule="R-25") from exc
    return locked
