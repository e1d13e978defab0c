"""Access-checked reads for panels: the composition (agency and bureau only, R-73), an expert's own panel and
review sheet, an applicant's defense. Every getter answers 404 for "not yours" and "missing" alike."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404

from zhicheng.accounts.models import Role, User
from zhicheng.applications.models import Application, ApplicationVersion
from zhicheng.evaluations.models import Conflict, EvaluationSession, SeatStatus, SessionApplication, SessionStatus
from zhicheng.experts.models import Expert
from zhicheng.materials.models import Attachment, AttachmentKind
from zhicheng.panels.models import (
    DEFENSE_LEVELS,
    DefenseSlot,
    Panel,
    PanelMember,
    PanelOpinion,
    Score,
    ScoringItem,
)
from zhicheng.unit_review.models import Recommendation

# Experts read the applications from the roster filing until the minutes are signed.
VISIBLE_TO_EXPERTS = frozenset(
    {SessionStatus.ROSTER_FILED, SessionStatus.MEETING, SessionStatus.VOTING, SessionStatus.CLOSED}
)
# Identity papers carry the ID number; experts judge the work, not the person's documents.
HIDDEN_FROM_EXPERTS = frozenset({AttachmentKind.ID_DOCUMENT, AttachmentKind.WORK_PERMIT})
NO_STANDARD = "该系列尚未设置评价标准"
NOT_FOUND = "未找到该对象，或您无权访问"


# The agency and the bureau.


def _agency_org(user: User) -> int | None:
    return user.organization_id if user.is_active and user.role == Role.AGENCY else None


def get_session_for_staff(user: User, pk: int) -> EvaluationSession:
    """A session whose panels the user may see: its committee's agency, or the bureau."""
    sessions = EvaluationSession.objects.select_related("committee__series", "committee__agency", "plan")
    if user.is_active and user.role == Role.BUREAU:
        session = sessions.filter(pk=pk).first()
    else:
        session = sessions.filter(pk=pk, committee__agency_id=_agency_org(user)).first()
    if session is None:
        raise Http404(NOT_FOUND)
    return session


def get_session_for_agency(user: User, pk: int) -> EvaluationSession:
    """A session of a committee the user's agency runs."""
    session = (
        EvaluationSession.objects.select_related("committee")
        .filter(pk=pk, committee__agency_id=_agency_org(user))
        .first()
    )
    if session is None:
        raise Http404(NOT_FOUND)
    return session


def get_panel_for_agency(user: User, pk: int) -> Panel:
    panel = (
        Panel.objects.select_related("session__committee")
        .filter(pk=pk, session__committee__agency_id=_agency_org(user))
        .first()
    )
    if panel is None:
        raise Http404(NOT_FOUND)
    return panel


def get_entry_for_agency(user: User, pk: int) -> SessionApplication:
    entry = (
        SessionApplication.objects.select_related(
            "session__committee", "panel", "application__applicant", "application__plan", "application__committee"
        )
        .filter(pk=pk, session__committee__agency_id=_agency_org(user))
        .first()
    )
    if entry is None:
        raise Http404(NOT_FOUND)
    return entry


def get_member_for_agency(user: User, pk: int) -> PanelMember:
    member = (
        PanelMember.objects.select_related("panel__session__committee", "seat__expert")
        .filter(pk=pk, panel__session__committee__agency_id=_agency_org(user))
        .first()
    )
    if member is None:
        raise Http404(NOT_FOUND)
    return member


def get_slot_for_agency(user: User, pk: int) -> DefenseSlot:
    slot = (
        DefenseSlot.objects.select_related("entry__session__committee", "panel")
        .filter(pk=pk, entry__session__committee__agency_id=_agency_org(user))
        .first()
    )
    if slot is None:
        raise Http404(NOT_FOUND)
    return slot


@dataclass(frozen=True)
class Progress:
    scored: int  # members who saved their scores
    expected: int  # members of the panel not recused for the entry

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.scored >= self.expected


@dataclass(frozen=True)
class EntryRow:
    entry: SessionApplication
    progress: Progress
    slot: DefenseSlot | None
    opinion: PanelOpinion | None

    @property
    def needs_defense(self) -> bool:
        return self.entry.application.level in DEFENSE_LEVELS


@dataclass(frozen=True)
class MemberRow:
    member: PanelMember
    recusals: int  # entries of its panel the expert is recused for


@dataclass(frozen=True)
class PanelRow:
    panel: Panel
    members: list[MemberRow]
    entries: list[EntryRow]


@dataclass(frozen=True)
class Composition:
    panels: list[PanelRow]
    unassigned: list[EntryRow]
    sitting: int  # experts whose seat is accepted


def sitting_members(panel_ids: Iterable[int]) -> QuerySet[PanelMember]:
    """Members whose seat is still accepted, leader first."""
    return (
        PanelMember.objects.filter(panel_id__in=list(panel_ids), seat__status=SeatStatus.ACCEPTED)
        .select_related("seat__expert__specialty")
        .order_by("panel_id", "-is_leader", "id")
    )


def _recusals(entry_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(expert id, entry id) pairs with a conflict of interest (R-64)."""
    return set(Conflict.objects.filter(entry_id__in=list(entry_ids)).values_list("expert_id", "entry_id"))


def _scored(entry_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(entry id, member id) pairs where the member has saved scores."""
    return set(Score.objects.filter(entry_id__in=list(entry_ids)).values_list("entry_id", "member_id").distinct())


def _progress(
    entry: SessionApplication,
    members: list[PanelMember],
    recused: set[tuple[int, int]],
    scored: set[tuple[int, int]],
) -> Progress:
    expected = [m for m in members if (m.seat.expert_id, entry.pk) not in recused]
    return Progress(scored=sum((entry.pk, m.pk) in scored for m in expected), expected=len(expected))


def composition(session: EvaluationSession) -> Composition:
    """Panels with their members and entries, scoring progress and defenses, in a fixed number of queries."""
    panels = list(Panel.objects.filter(session=session).select_related("specialty").order_by("id"))
    members = list(sitting_members(p.pk for p in panels))
    entries = list(
        SessionApplication.objects.filter(session=session)
        .select_related("application__applicant", "application__plan", "application__specialty", "application__unit")
        .order_by("application_id")
    )
    entry_ids = [e.pk for e in entries]
    recused = _recusals(entry_ids)
    scored = _scored(entry_ids)
    slots = {s.entry_id: s for s in DefenseSlot.objects.filter(entry_id__in=entry_ids)}
    opinions = {o.entry_id: o for o in PanelOpinion.objects.filter(entry_id__in=entry_ids)}
    by_panel: dict[int, list[PanelMember]] = {p.pk: [] for p in panels}
    for m in members:
        by_panel[m.panel_id].append(m)
    rows: dict[int | None, list[EntryRow]] = {p.pk: [] for p in panels} | {None: []}
    for entry in entries:
        progress = _progress(entry, by_panel.get(entry.panel_id or 0, []), recused, scored)
        rows[entry.panel_id].append(EntryRow(entry, progress, slots.get(entry.pk), opinions.get(entry.pk)))
    return Composition(
        panels=[
            PanelRow(
                panel=p,
                members=[
                    MemberRow(m, sum((m.seat.expert_id, r.entry.pk) in recused for r in rows[p.pk]))
                    for m in by_panel[p.pk]
                ],
                entries=rows[p.pk],
            )
            for p in panels
        ],
        unassigned=rows[None],
        sitting=session.seats.filter(status=SeatStatus.ACCEPTED).count(),
    )


# Experts.


def expert_for(user: User) -> Expert | None:
    """The pool record behind an expert's login."""
    if not (user.is_active and user.role == Role.EXPERT):
        return None
    return Expert.objects.filter(user=user).first()


def _memberships(user: User) -> QuerySet[PanelMember]:
    expert = expert_for(user)
    if expert is None or not expert.has_signed_confidentiality:  # R-74 comes before any material
        return PanelMember.objects.none()
    return PanelMember.objects.filter(
        seat__expert=expert, seat__status=SeatStatus.ACCEPTED, panel__session__status__in=VISIBLE_TO_EXPERTS
    )


def memberships_for(user: User) -> list[PanelMember]:
    """The expert's panels in sessions under way, newest session first."""
    return list(
        _memberships(user).select_related("panel__session__committee", "panel__specialty").order_by("-panel__session")
    )


def entries_for_expert(user: User, session: EvaluationSession) -> QuerySet[SessionApplication]:
    """The entries of the user's own panel in the session; nothing for anyone else (R-73)."""
    panel_ids = _memberships(user).filter(panel__session=session).values("panel_id")
    return (
        SessionApplication.objects.filter(session=session, panel_id__in=panel_ids)
        .select_related("application__applicant", "application__plan", "application__specialty")
        .order_by("application_id")
    )


def get_entry_for_expert(user: User, entry_pk: int) -> SessionApplication:
    """An entry of the user's own panel; 404 otherwise, including before the confidentiality agreement."""
    panel_ids = _memberships(user).values("panel_id")
    entry = (
        SessionApplication.objects.select_related(
            "session__committee__series",
            "panel",
            "application__applicant",
            "application__plan",
            "application__specialty",
            "application__committee",
        )
        .filter(pk=entry_pk, panel_id__in=panel_ids)
        .first()
    )
    if entry is None:
        raise Http404(NOT_FOUND)
    return entry


def member_for(user: User, entry: SessionApplication) -> PanelMember:
    """The user's membership of the entry's panel (the entry was loaded through get_entry_for_expert)."""
    if entry.panel_id is None:
        raise Http404(NOT_FOUND)
    member = _memberships(user).filter(panel_id=entry.panel_id).select_related("seat").first()
    if member is None:
        raise Http404(NOT_FOUND)
    return member


@dataclass(frozen=True)
class PanelEntries:
    member: PanelMember
    colleagues: list[PanelMember]
    rows: list[EntryRow]
    recused: set[int]  # entry ids the member is recused for
    mine: set[int]  # entry ids the member has scored


def my_panels(user: User) -> list[PanelEntries]:
    """For each of the expert's panels: colleagues, entries and scoring progress."""
    result = []
    for member in memberships_for(user):
        entries = list(entries_for_expert(user, member.panel.session))
        entry_ids = [e.pk for e in entries]
        members = list(sitting_members([member.panel_id]))
        recused = _recusals(entry_ids)
        scored = _scored(entry_ids)
        opinions = {o.entry_id: o for o in PanelOpinion.objects.filter(entry_id__in=entry_ids)}
        slots = {s.entry_id: s for s in DefenseSlot.objects.filter(entry_id__in=entry_ids)}
        result.append(
            PanelEntries(
                member=member,
                colleagues=members,
                rows=[
                    EntryRow(e, _progress(e, members, recused, scored), slots.get(e.pk), opinions.get(e.pk))
                    for e in entries
                ],
                recused={entry_id for expert_id, entry_id in recused if expert_id == member.seat.expert_id},
                mine={entry_id for entry_id, member_id in scored if member_id == member.pk},
            )
        )
    return result


def scoring_items(entry: SessionApplication) -> list[ScoringItem]:
    """The evaluation standard of the entry's series; empty when the bureau has not set one."""
    return list(ScoringItem.objects.filter(series_id=entry.session.committee.series_id).order_by("sort_order", "id"))


def is_recused(member: PanelMember, entry: SessionApplication) -> bool:
    return Conflict.objects.filter(expert_id=member.seat.expert_id, entry=entry).exists()


def opinion_writer(entry: SessionApplication) -> PanelMember | None:
    """The leader writes the panel's opinion; if recused for this entry, the next member who is not."""
    recused = _recusals([entry.pk])
    members = sitting_members([entry.panel_id]) if entry.panel_id else PanelMember.objects.none()
    return next((m for m in members if (m.seat.expert_id, entry.pk) not in recused), None)


def progress_of(entry: SessionApplication) -> Progress:
    members = list(sitting_members([entry.panel_id])) if entry.panel_id else []
    return _progress(entry, members, _recusals([entry.pk]), _scored([entry.pk]))


def average_total(entry: SessionApplication) -> Decimal | None:
    """The average of the panel members' total points for the entry, to two decimals; None before any score."""
    if entry.panel_id is None:
        return None
    rows = (
        Score.objects.filter(entry=entry, member__panel_id=entry.panel_id)
        .values("member_id")
        .annotate(total=Sum("points"))
        .order_by("member_id")
    )
    totals = [r["total"] or Decimal(0) for r in rows]
    if not totals:
        return None
    return (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"))


def latest_version(application: Application) -> ApplicationVersion | None:
    return application.versions.order_by("-number").first()


def visible_attachments(version: ApplicationVersion | None) -> list[dict[str, Any]]:
    """The submitted version's files an expert may open."""
    if version is None:
        return []
    return [a for a in version.snapshot.get("attachments", []) if a.get("kind") not in HIDDEN_FROM_EXPERTS]


@dataclass(frozen=True)
class ItemRow:
    item: ScoringItem
    points: Decimal | None
    grade: str


@dataclass(frozen=True)
class ReviewSheet:
    """What a panel member reads and fills in for one entry (R-66)."""

    entry: SessionApplication
    member: PanelMember
    recused: bool
    version: ApplicationVersion | None
    fields: list[tuple[str, Any]]
    attachments: list[dict[str, Any]]
    recommendation: Recommendation | None
    items: list[ItemRow]
    progress: Progress
    writer: PanelMember | None
    opinion: PanelOpinion | None
    average: Decimal | None
    slot: DefenseSlot | None

    @property
    def can_score(self) -> bool:
        return self.entry.session.status == SessionStatus.ROSTER_FILED and not self.recused and bool(self.items)

    @property
    def is_writer(self) -> bool:
        return self.writer is not None and self.writer.pk == self.member.pk

    @property
    def my_total(self) -> Decimal | None:
        points = [row.points for row in self.items if row.points is not None]
        return sum(points, Decimal(0)) if points else None


def review_sheet(entry: SessionApplication, member: PanelMember) -> ReviewSheet:
    application = entry.application
    recused = is_recused(member, entry)
    version = latest_version(application)
    mine = {s.item_id: s for s in Score.objects.filter(entry=entry, member=member)}
    fields = (
        [
            (str(getattr(Application._meta.get_field(name), "verbose_name", name)), value)
            for name, value in version.snapshot["fields"].items()
        ]
        if version is not None and not recused
        else []
    )
    return ReviewSheet(
        entry=entry,
        member=member,
        recused=recused,
        version=None if recused else version,
        fields=fields,
        attachments=[] if recused else visible_attachments(version),
        recommendation=None
        if recused
        else Recommendation.objects.filter(application=application).order_by("-created_at", "-id").first(),
        items=[
            ItemRow(item, getattr(mine.get(item.pk), "points", None), getattr(mine.get(item.pk), "grade", ""))
            for item in scoring_items(entry)
        ],
        progress=progress_of(entry),
        writer=opinion_writer(entry),
        opinion=PanelOpinion.objects.filter(entry=entry).first(),
        average=average_total(entry),
        slot=DefenseSlot.objects.filter(entry=entry).first(),
    )


def get_attachment_for_expert(user: User, entry_pk: int, attachment_pk: int) -> Attachment:
    """A file of the submitted version of an entry of the user's panel; 404 when recused or not listed."""
    entry = get_entry_for_expert(user, entry_pk)
    member = member_for(user, entry)
    if is_recused(member, entry):
        raise Http404(NOT_FOUND)
    listed = {a["id"] for a in visible_attachments(latest_version(entry.application))}
    attachment = Attachment.objects.filter(pk=attachment_pk, application_id=entry.application_id).first()
    if attachment is None or attachment.pk not in listed:
        raise Http404(NOT_FOUND)
    return attachment


# Applicants.


def get_defense_for_applicant(user: User, application_pk: int) -> DefenseSlot:
    """The defense of the applicant's own application; 404 for anyone else's or when none is scheduled."""
    slot = (
        DefenseSlot.objects.select_related(
            "panel",
            "entry__session",
            "entry__application__applicant",
            "entry__application__plan",
            "entry__application__committee__agency",
        )
        .filter(entry__application_id=application_pk, entry__application__applicant_id=user.pk)
        .first()
    )
    if slot is None or not user.is_active or user.role != Role.APPLICANT:
        raise Http404("未找到答辩安排")
    return slot


def find_defense(application: Application) -> DefenseSlot | None:
    """The application's defense slot, if one is scheduled (for the applicant's status page)."""
    return DefenseSlot.objects.filter(entry__application=application).select_related("panel").first()
