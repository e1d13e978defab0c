"""Floors: bare views that do the least work a scenario must do, on the same stack (middleware, gunicorn, PostgreSQL).

Each scenario of `make bench` is reported as a ratio to its own floor and to the one-INSERT floor:
- `insert`: one INSERT, nothing else;
- `submission`: exactly the writes a submission must make, in one transaction of plain SQL: the version row with a
  snapshot of realistic size, the status change, one audit event, one SMS outbox row, one task row;
- `status` and `queue`: the rows the status page and the unit queue show, read in one query each, rendered by a
  minimal template.
"""

import hashlib
import json
import secrets
import uuid
from functools import cache

from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from zhicheng.core.crypto import lookup_hash
from zhicheng.notifications.models import SmsMessage
from zhicheng.notifications.tasks import deliver_sms

PENDING = ("submitted", "unit_posting")


@csrf_exempt
@require_POST
def insert(request: HttpRequest) -> HttpResponse:
    """One INSERT into the table scripts/bench.sh creates (bench_floor), nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor DEFAULT VALUES")
    return HttpResponse("ok", content_type="text/plain")


@cache
def realistic_snapshot() -> str:
    """The largest version snapshot of the seeded year, as JSON: what one submission freezes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT snapshot::text FROM applications_applicationversion ORDER BY length(snapshot::text) DESC LIMIT 1"
        )
        row = cursor.fetchone()
    return row[0] if row else json.dumps({"fields": {}, "attachments": []})


@cache
def sealed_phone() -> tuple[str, str]:
    """An encrypted phone and its lookup hash, as the outbox stores them, so the worker can deliver the floor's SMS."""
    field = SmsMessage._meta.get_field("phone")
    return field.get_prep_value("13800000000"), lookup_hash("13800000000")


@csrf_exempt
@require_POST
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = realistic_snapshot()
    digest = hashlib.sha256(snapshot.encode()).hexdigest()
    phone, phone_hash = sealed_phone()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET status = 'submitted', version_count = 1, submitted_at = now() "
            "WHERE id = %s AND status = 'draft' RETURNING applicant_id",
            [pk],
        )
        if cursor.fetchone() is None:
            raise Http404
        cursor.execute(
            "INSERT INTO applications_applicationversion (application_id, number, created_at, snapshot, digest) "
            "VALUES (%s, 1, now(), %s::jsonb, %s)",
            [pk, snapshot, digest],
        )
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_label, object_type, object_id, action, from_state, to_state, "
            "reason, data, prev_hash, hash) VALUES (now(), '申报人', 'applications.application', %s, 'submit', "
            "'draft', 'submitted', '', '{}', %s, %s)",
            [str(pk), secrets.token_hex(32), secrets.token_hex(32)],
        )
        cursor.execute(
            "INSERT INTO notifications_smsmessage (phone, phone_hash, template_id, params, status, attempts, "
            "next_attempt_at, last_error, provider_message_id, object_type, object_id, created_at) VALUES "
            "(%s, %s, 'application_submitted', %s, 'pending', 0, now(), '', '', 'applications.application', %s, now()) "
            "RETURNING id",
            [phone, phone_hash, json.dumps({"number": str(pk)}), str(pk)],
        )
        (message_id,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO django_tasks_database_dbtaskresult (id, status, args_kwargs, priority, task_path, queue_name, "
            "backend_name, run_after, enqueued_at, exception_class_path, traceback, worker_ids) VALUES "
            "(%s, 'READY', %s, 0, %s, 'default', 'default', now(), now(), '', '', '[]')",
            [uuid.uuid4(), json.dumps({"args": [message_id], "kwargs": {}}), deliver_sms.module_path],
        )
    return HttpResponse(status=302, headers={"Location": f"/applications/{pk}/"})


@require_GET
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status page's rows: the application with its committee, plan and unit, and its history, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.status, a.level, a.submitted_at, c.name, p.year, coalesce(o.name, ''), "
            "(SELECT coalesce(json_agg(json_build_array(e.at, e.actor_label, e.action, e.from_state, e.to_state) "
            "ORDER BY e.id), '[]') FROM audit_auditevent e "
            "WHERE e.object_type = 'applications.application' AND e.object_id = a.id::text) "
            "FROM applications_application a JOIN catalog_committee c ON c.id = a.committee_id "
            "JOIN catalog_plan p ON p.id = a.plan_id LEFT JOIN accounts_organization o ON o.id = a.unit_id "
            "WHERE a.id = %s",
            [pk],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    history = row[6] if isinstance(row[6], list) else json.loads(row[6])
    return render(request, "bench/status.html", {"row": row, "history": history})


@require_GET
def queue(request: HttpRequest, unit: int) -> HttpResponse:
    """The unit queue's first page: 50 pending applications with name and committee, and the total, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, p.year, u.real_name, c.name, a.level, a.status, a.submitted_at, count(*) OVER () "
            "FROM applications_application a JOIN accounts_user u ON u.id = a.applicant_id "
            "JOIN catalog_committee c ON c.id = a.committee_id JOIN catalog_plan p ON p.id = a.plan_id "
            "WHERE a.unit_id = %s AND a.status = ANY(%s) ORDER BY a.submitted_at, a.id LIMIT 50",
            [unit, list(PENDING)],
        )
        rows = cursor.fetchall()
    return render(request, "bench/queue.html", {"rows": rows, "total": rows[0][7] if rows else 0})
