"""Run by test_read_replica.py in its own process, against a real primary and a real streaming replica.

Prints one JSON object: which name of the publishing agency the public result list showed to each kind of client,
while the replica's replay is paused after the agency was renamed on the primary, and after it has caught up.
"""

import json
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402

from zhicheng.accounts.models import Organization  # noqa: E402
from zhicheng.core.routing import PIN_COOKIE  # noqa: E402
from zhicheng.postings.tests.factories import POSTING_DAY, accepted_session, at, bureau_user, posted  # noqa: E402

OLD, NEW = "北京市甲评审服务中心", "北京市乙评审服务中心"


def caught_up() -> None:
    """Wait until the replica has replayed everything the primary wrote so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    for _ in range(400):
        with connections["replica"].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)
    raise RuntimeError("the replica did not catch up within 20 s")


def replay(paused: bool) -> None:
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()" if paused else "SELECT pg_wal_replay_resume()")


def agency_shown(client: Client) -> list[str]:
    page = client.get("/results/").content.decode()
    return [name for name in (OLD, NEW) if name in page]


with at(POSTING_DAY):
    bureau = bureau_user()
    session = accepted_session(bureau, applications=1)
    Organization.objects.filter(pk=session.committee.agency_id).update(name=OLD)
    posted(session, bureau)
    caught_up()
    replay(paused=True)
    Organization.objects.filter(pk=session.committee.agency_id).update(name=NEW)

    public, pinned = Client(), Client()
    pinned.cookies[PIN_COOKIE] = "1"
    seen = {
        "public_while_paused": agency_shown(public),
        "pinned_while_paused": agency_shown(pinned),
        "write_pins": PIN_COOKIE in Client().post("/results/", {}).cookies,
    }
    replay(paused=False)
    caught_up()
    seen["public_after_replay"] = agency_shown(public)
print(json.dumps(seen, ensure_ascii=False))
