"""schemathesis against every API operation, signed in as every role, on the real database.

Each generated request runs inside a savepoint that is rolled back, so every call meets the same world (and no
rate-limit counter or logout carries over to the next call). Figures are printed with -s.
"""

import collections
import contextlib
import re

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhicheng.core.tests import matrix
from zhicheng.core.tests.world import ANONYMOUS, build_world, sign_in
from zhicheng.core.tests.worldfixtures import use_world_media, world_fixture

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Per operation: requests with generated ids, then with the world's objects in the path (fewer, deeper).
RANDOM_EXAMPLES = 3
WORLD_EXAMPLES = 3
PERSONAS = [
    ANONYMOUS,
    "applicant",
    "other_applicant",
    "unit_hr",
    "association",
    "agency",
    "other_agency",
    "bureau",
    "district",
    "expert",
    "other_expert",
]

world_and_media = world_fixture(build_world)


@pytest.fixture(scope="module")
def world(world_and_media):
    return world_and_media[0]


@pytest.fixture(autouse=True)
def _media_root(settings, world_and_media):
    use_world_media(settings, world_and_media[1])


@contextlib.contextmanager
def _same_connection():
    """In-process WSGI calls share the test's connection and transaction: they must not close it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(world):
    """The served document, loaded through the WSGI application as a client would."""
    with _same_connection():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


def _credentials(world, persona):
    csrf = _get_new_csrf_string()
    cookies, headers = {"csrftoken": csrf}, {"X-CSRFToken": csrf}
    if persona != ANONYMOUS:
        client = sign_in(Client(), world.users[persona])
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies, headers


def _world_path(operation, ids):
    """The world's objects for the operation's path parameters (the same choice as the permission matrix)."""
    namespace = operation.path.split("/")[3]
    path = {}
    for name in re.findall(r"\{(\w+)\}", operation.path):
        value = ids.get(f"{namespace}:{name}", ids.get(name))
        if value is None:
            return {}
        path[name] = value
    return path


def _fuzz(operation, strategy, examples, cookies, headers, statuses, failures):
    @hypothesis.given(case=strategy)
    @hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    def call(case):
        with transaction.atomic(), _same_connection():
            response = case.call(cookies=cookies, headers=headers)
            statuses[response.status_code] += 1
            transaction.set_rollback(True)
            case.validate_response(response, checks=CHECKS)

    # The first failure of each operation is kept, and all are reported at once.
    try:
        call()
    except Exception as exc:
        failures.setdefault(operation.label, "")
        failures[operation.label] += " ".join(str(exc).split())[:600]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_operation_keeps_its_contract(world, api_schema, persona, db):
    cookies, headers = _credentials(world, persona)
    failures: dict[str, str] = {}
    statuses: collections.Counter[int] = collections.Counter()

    ids = matrix.object_ids(world)
    for result in api_schema.get_all_operations():
        operation = result.ok()
        _fuzz(operation, operation.as_strategy(), RANDOM_EXAMPLES, cookies, headers, statuses, failures)
        path = _world_path(operation, ids)
        if path:
            strategy = operation.as_strategy(path_parameters=path)
            _fuzz(operation, strategy, WORLD_EXAMPLES, cookies, headers, statuses, failures)

    print(f"\n{persona}: {sum(statuses.values())} requests, statuses {dict(sorted(statuses.items()))}")
    assert failures == {}
