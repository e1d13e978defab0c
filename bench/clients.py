"""The virtual clients' identities, and the check of the submissions afterwards.

python -m bench.clients prepare OUT.json CLIENTS  -- logins and sessions for every scenario
python -m bench.clients verify  OUT.json DONE.json -- the submitted applications as the database sees them

Applicants of the status page log in over HTTP (the driver does it, ID number + password). The submit scenario
needs many applicants per client (one active application per person and year), and staff log in with a
second factor, so those sessions are written directly to the session table, as django.contrib.auth.login would.
"""

import datetime
import json
import string
import sys
from pathlib import Path
from typing import Any

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from bench.seed import BENCH_PASSWORD  # noqa: E402
from zhicheng.accounts.models import Role, User  # noqa: E402
from zhicheng.applications.models import Application, ApplicationVersion, Status  # noqa: E402
from zhicheng.notifications.models import SmsMessage  # noqa: E402

SUBMIT_POOL = 250  # drafts per client: more than a client can submit in one scenario on this machine
OPEN_LOOP_DRAFTS = 2000  # drafts for the open-loop scenario: more than its arrival rate submits in one run
LARGE_UNITS = 10
KEY_CHARS = string.ascii_lowercase + string.digits  # what Django's session keys are made of


def sessions(users: list[User]) -> list[str]:
    """Create one authenticated session per user, in bulk."""
    backend = settings.AUTHENTICATION_BACKENDS[0]
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    store = SessionStore()
    rows = []
    for user in users:
        key = get_random_string(32, KEY_CHARS)
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=5000)
    return [row.session_key for row in rows]


def prepare(out: Path, clients: int) -> None:
    drafts = list(
        Application.objects.filter(status=Status.DRAFT, version_count=0, applicant__username__startswith="b")
        .select_related("applicant")
        .order_by("-pk")[: 2 * clients * SUBMIT_POOL + OPEN_LOOP_DRAFTS]
    )
    keys = sessions([a.applicant for a in drafts])
    pairs = [{"session": k, "pk": a.pk} for a, k in zip(drafts, keys, strict=True)]
    # The real submissions, the submission floor's and the open loop's use disjoint drafts, in equal shares for the
    # first two when the seeded year has fewer drafts than they could use.
    open_submit, pairs = (
        pairs[: min(OPEN_LOOP_DRAFTS, len(pairs) // 5)],
        pairs[min(OPEN_LOOP_DRAFTS, len(pairs) // 5) :],
    )
    pool = min(clients * SUBMIT_POOL, len(pairs) // 2)
    submit = [pairs[:pool][n::clients] for n in range(clients)]
    floor_submit = [pairs[pool : 2 * pool][n::clients] for n in range(clients)]
    sent = list(
        Application.objects.filter(status=Status.SUBMITTED, applicant__username__startswith="b")
        .select_related("applicant")
        .order_by("-pk")[:clients]
    )
    status = [{"login": a.applicant.id_number, "password": BENCH_PASSWORD, "pk": a.pk} for a in sent]
    units = (
        Application.objects.filter(status__in=[Status.SUBMITTED, Status.UNIT_POSTING], unit__isnull=False)
        .values("unit")
        .annotate(n=Count("pk"))
        .order_by("-n")[:LARGE_UNITS]
    )
    sizes = {row["unit"]: row["n"] for row in units}
    hr = list(User.objects.filter(role=Role.UNIT_HR, organization__in=sizes, is_active=True).order_by("pk"))
    reviewers = [hr[n % len(hr)] for n in range(clients)]
    queue = [
        {"session": k, "user": u.username, "unit": u.organization_id, "pending": sizes.get(u.organization_id or 0, 0)}
        for u, k in zip(reviewers, sessions(reviewers), strict=True)
    ]
    manifest = {"submit": submit, "floor_submit": floor_submit, "open_submit": open_submit}
    out.write_text(json.dumps(manifest | {"status": status, "queue": queue}))
    pending = ", ".join(f"{n}" for n in sorted(sizes.values(), reverse=True))
    print(f"[clients] {len(drafts)} drafts to submit, {len(status)} applicants, unit HR of queues of {pending}")


def verify(manifest: Path, done: Path) -> None:
    plan = json.loads(manifest.read_text())
    pool = [c["pk"] for client in plan["submit"] for c in client] + [c["pk"] for c in plan["open_submit"]]
    reported: list[int] = json.loads(done.read_text())
    in_db = Application.objects.filter(pk__in=pool).aggregate(
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)), draft=Count("pk", filter=Q(status=Status.DRAFT))
    )
    versions = ApplicationVersion.objects.filter(application__in=pool).count()
    sms = SmsMessage.objects.filter(object_type="applications.application", object_id__in=[str(p) for p in pool])
    by_status: dict[str, Any] = dict(sms.values_list("status").annotate(n=Count("pk")))
    ok = in_db["submitted"] == len(reported) == versions and set(reported) <= set(pool)
    print(
        f"[verify] driver counted {len(reported)} submissions (warm-up included); "
        f"database: {in_db['submitted']} submitted, {versions} versions, SMS outbox {by_status} "
        f"-> {'OK' if ok else 'MISMATCH'}"
    )
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "prepare":
        prepare(Path(args[0]), int(args[1]))
    else:
        verify(Path(args[0]), Path(args[1]))
