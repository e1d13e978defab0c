"""Seed the bench database: the demo year through the real services, then clones up to 100,000 applications.

The demo (zhicheng.demo.load_demo) creates the catalog, this year's plan with windows open today, the committees,
the staff and a few hundred applications in every state through the same services users trigger. Its complete
drafts (no eligibility problem, window open) and its submitted applications are the templates: each clone gets
a new applicant (own encrypted ID number and phone with lookup hashes, one shared password hash), a unit (the
template's unit, or a branch of it), the template's sections and attachment rows, its audit events, and for
submitted ones its frozen version. Usage: python -m bench.seed [applications]
"""

import datetime
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Model  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhicheng.accounts.models import IdType, Organization, OrgKind, Role, User  # noqa: E402
from zhicheng.applications.eligibility import check_before_submit  # noqa: E402
from zhicheng.applications.models import (  # noqa: E402
    Achievement,
    Application,
    ApplicationVersion,
    Status,
    WorkHistory,
)
from zhicheng.audit.models import AuditEvent  # noqa: E402
from zhicheng.audit.services import _actor_label, _next_ids, event_mac  # noqa: E402
from zhicheng.catalog.models import Step  # noqa: E402
from zhicheng.catalog.selectors import window_for  # noqa: E402
from zhicheng.demo.identities import PersonFactory, credit_code, id_number, person_name  # noqa: E402
from zhicheng.demo.services import load_demo  # noqa: E402
from zhicheng.materials.models import Attachment  # noqa: E402

BENCH_PASSWORD = "Bench-2026!"
UNITS = 2000
SUBMITTED_SHARE = 0.25
# Share of a template's clones that stay in the template's own (large) unit; the rest go to its branches.
HOME_SHARE = 0.5
BATCH = 5000


def _columns(model: type[Model], skip: Iterable[str]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if f.column and not f.primary_key and f.column not in skip]


def ready_templates(today: datetime.date) -> list[Application]:
    """Drafts that would be submitted now without a problem."""
    drafts = Application.objects.filter(status=Status.DRAFT).select_related("committee__series", "plan")
    return [
        a
        for a in drafts
        if (w := window_for(a.plan, a.committee.series, Step.APPLY)) is not None
        and w.is_open_on(today)
        and not check_before_submit(a, on=today)
    ]


def branch_units(rng: random.Random, count: int) -> dict[int, list[Organization]]:
    """Branches of the demo's units (same district, ownership, entrustment rule) up to `count` units in all."""
    homes = list(Organization.objects.filter(kind=OrgKind.UNIT).order_by("pk"))
    branches = []
    for n in range(count - len(homes)):
        home = homes[n % len(homes)]
        code = home.credit_code or "12110000"
        branches.append(
            Organization(
                kind=OrgKind.UNIT,
                name=f"{home.name}第{n // len(homes) + 1}分支机构",
                credit_code=credit_code(rng, registrar=code[0], org_type=code[1], region=code[2:8]),
                ownership=home.ownership,
                district_id=home.district_id,
                needs_entrustment=home.needs_entrustment,
                phone=home.phone,
            )
        )
    Organization.objects.bulk_create(branches, batch_size=BATCH)
    by_home: dict[int, list[Organization]] = {h.pk: [h] for h in homes}
    for n, branch in enumerate(branches):
        by_home[homes[n % len(homes)].pk].append(branch)
    return by_home


def new_applicants(rng: random.Random, templates: Sequence[Application], today: datetime.date) -> list[User]:
    """One applicant per clone, born within 90 days of the template's applicant (same age band)."""
    people = PersonFactory(rng, today)
    password = make_password(BENCH_PASSWORD)
    now = timezone.now()
    users = []
    for template in templates:
        person = people.person()
        born = (template.birth_date or person.birth_date) + datetime.timedelta(days=rng.randrange(-90, 90))
        gender = template.gender or person.gender
        number = _unique_id(rng, people, born, gender)
        user = User(
            username=f"b{rng.getrandbits(64):016x}",
            role=Role.APPLICANT,
            real_name=person_name(rng, gender),
            password=password,
            phone_verified_at=now,
        )
        user.set_id_number(IdType.MAINLAND, number)
        user.set_phone(person.phone)
        users.append(user)
    User.objects.bulk_create(users, batch_size=BATCH)
    return users


def _unique_id(rng: random.Random, people: PersonFactory, born: datetime.date, gender: str) -> str:
    number = id_number(rng, born, gender)
    while number in people.id_numbers:
        number = id_number(rng, born, gender)
    people.id_numbers.add(number)
    return number


def clone_applications(
    rng: random.Random,
    templates: Sequence[Application],
    users: Sequence[User],
    units: dict[int, list[Organization]],
    submitted: Sequence[bool],
) -> list[Application]:
    now = timezone.now()
    skip = {"id", "applicant_id", "unit_id", "status", "birth_date", "version_count", "submitted_at"}
    fields = [f.attname for f in Application._meta.concrete_fields if f.attname not in skip]
    clones = []
    for template, user, is_submitted in zip(templates, users, submitted, strict=True):
        clone = Application(**{name: getattr(template, name) for name in fields})
        clone.applicant_id = user.pk
        clone.birth_date = _birth_date(user.id_number)
        if template.unit_id is not None:
            home = units[template.unit_id]
            clone.unit = home[0] if rng.random() < HOME_SHARE else rng.choice(home)
        if is_submitted:
            clone.status = Status.SUBMITTED
            clone.version_count = 1
            clone.submitted_at = now - datetime.timedelta(seconds=rng.randrange(10 * 86400))
        else:
            clone.status = Status.DRAFT
            clone.due_on = None
        clones.append(clone)
    Application.objects.bulk_create(clones, batch_size=BATCH)
    return clones


def _birth_date(id_number: str) -> datetime.date:
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def copy_children(pairs: Sequence[tuple[int, int]]) -> None:
    """Work history, achievements, current attachments (linked to the cloned achievement) and versions, in SQL."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_clone (new_id bigint PRIMARY KEY, template_id bigint NOT NULL)")
        with cursor.copy("COPY bench_clone (new_id, template_id) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
        for model in (WorkHistory, Achievement):
            cols = _columns(model, {"application_id"})
            cursor.execute(
                f"INSERT INTO {model._meta.db_table} (application_id, {', '.join(cols)}) "  # noqa: S608
                f"SELECT c.new_id, {', '.join('t.' + c for c in cols)} FROM bench_clone c "
                f"JOIN {model._meta.db_table} t ON t.application_id = c.template_id ORDER BY c.new_id, t.id"
            )
        achievements = Achievement._meta.db_table
        cols = _columns(Attachment, {"application_id", "achievement_id"})
        cursor.execute(
            f"INSERT INTO {Attachment._meta.db_table} (application_id, achievement_id, {', '.join(cols)}) "  # noqa: S608
            f"SELECT c.new_id, na.id, {', '.join('t.' + c for c in cols)} FROM bench_clone c "
            f"JOIN {Attachment._meta.db_table} t ON t.application_id = c.template_id AND t.replaced_at IS NULL "
            # The n-th achievement of the template is the n-th of the clone (both inserted in id order).
            f"LEFT JOIN (SELECT id, row_number() OVER (PARTITION BY application_id ORDER BY id) AS n "
            f"FROM {achievements}) ta ON ta.id = t.achievement_id "
            f"LEFT JOIN LATERAL (SELECT id FROM {achievements} x WHERE x.application_id = c.new_id "
            "ORDER BY id OFFSET ta.n - 1 LIMIT 1) na ON ta.id IS NOT NULL"
        )
        versions = ApplicationVersion._meta.db_table
        cursor.execute(
            f"INSERT INTO {versions} (application_id, number, created_at, snapshot, digest) "  # noqa: S608
            f"SELECT c.new_id, 1, a.submitted_at, v.snapshot, v.digest FROM bench_clone c "
            f"JOIN {Application._meta.db_table} a ON a.id = c.new_id AND a.status = %s "
            f"JOIN {versions} v ON v.application_id = c.template_id AND v.number = 1",
            [Status.SUBMITTED],
        )


def audit_events(users: Sequence[User], clones: Sequence[Application]) -> None:
    """The events real use writes (register, create, submit), each with its id from the sequence and its MAC."""
    events: list[AuditEvent] = []

    def add(obj: Model, by: User, action: str, from_state: str, to_state: str, at: datetime.datetime) -> None:
        label = obj._meta.label_lower
        event = AuditEvent(
            at=at,
            actor_id=by.pk,
            actor_label=_actor_label(by),
            object_type=label,
            object_id=str(obj.pk),
            action=action,
            from_state=from_state,
            to_state=to_state,
            reason="" if action != "submit" else "提交第1版",
            data={"id_type": by.id_type} if action == "register" else {},
        )
        events.append(event)

    now = timezone.now()
    for user, clone in zip(users, clones, strict=True):
        add(user, user, "register", "", "active", now)
        if clone.status == Status.SUBMITTED and clone.submitted_at is not None:
            add(clone, user, "create", "", Status.DRAFT, clone.submitted_at - datetime.timedelta(days=1))
            add(clone, user, "submit", Status.DRAFT, Status.SUBMITTED, clone.submitted_at)
        else:
            add(clone, user, "create", "", Status.DRAFT, now)
    for event, event_id in zip(events, _next_ids(len(events)), strict=True):
        event.id = event_id
        event.mac = event_mac(event)
    columns = ["id", "at", "actor_id", "actor_label", "object_type", "object_id", "action"]
    columns += ["from_state", "to_state", "reason", "data", "mac"]
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {AuditEvent._meta.db_table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for e in events:
            copy.write_row([json.dumps(e.data) if c == "data" else getattr(e, c) for c in columns])


def step(label: str, started: float) -> float:
    now = time.monotonic()
    print(f"[seed] {label}: {now - started:.1f} s", flush=True)
    return now


def main(total: int) -> None:
    rng = random.Random(2026)
    today = timezone.localdate()
    began = t = time.monotonic()
    load_demo()
    t = step("demo year through the services (catalog, plan, committees, staff, applications)", t)
    with transaction.atomic():
        ready = ready_templates(today)
        sent = list(Application.objects.filter(status=Status.SUBMITTED, version_count=1))
        count = total - Application.objects.count()
        submitted = [rng.random() < SUBMITTED_SHARE for _ in range(count)]
        templates = [rng.choice(sent) if s else rng.choice(ready) for s in submitted]
        print(f"[seed] templates: {len(ready)} complete drafts, {len(sent)} submitted", flush=True)
        units = branch_units(rng, UNITS)
        t = step(f"{UNITS} units", t)
        users = new_applicants(rng, templates, today)
        t = step(f"{len(users)} applicants (encrypted ID numbers and phones, lookup hashes)", t)
        clones = clone_applications(rng, templates, users, units, submitted)
        t = step(f"{len(clones)} applications", t)
        copy_children([(c.pk, tpl.pk) for c, tpl in zip(clones, templates, strict=True)])
        t = step("sections, attachments and versions", t)
        audit_events(users, clones)
        t = step("audit events", t)
    print(f"[seed] total {time.monotonic() - began:.1f} s for {Application.objects.count()} applications", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
