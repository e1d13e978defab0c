"""The permission matrix: every page route and API operation × every persona, on the world's own and other objects.

The declared rows are in permission_matrix.py. A persona served where its row does not list it is a leak; one
refused where it is listed is a lockout; both fail, as does a route or operation without a row.
"""

import pytest
from django.db import transaction

from zhicheng.core.tests import matrix
from zhicheng.core.tests.permission_matrix import OPERATIONS, PAGES
from zhicheng.core.tests.world import ANONYMOUS, build_world
from zhicheng.core.tests.worldfixtures import use_world_media, world_fixture

PERSONAS = [
    ANONYMOUS,
    "applicant",
    "other_applicant",
    "unit_hr",
    "other_unit_hr",
    "association",
    "agency",
    "other_agency",
    "bureau",
    "district",
    "expert",
    "other_expert",
]

world_and_media = world_fixture(build_world)


@pytest.fixture(autouse=True)
def _media_root(settings, world_and_media):
    use_world_media(settings, world_and_media[1])


def served_by(spec: str) -> set[str]:
    if spec == "*":
        return set(PERSONAS)
    if spec == "+":
        return set(PERSONAS) - {ANONYMOUS}
    return set(spec.split())


def test_every_route_and_operation_has_a_row(db):
    assert {r.name for r in matrix.page_routes()} ^ set(PAGES) == set()
    assert {o.operation_id for o in matrix.api_operations()} ^ set(OPERATIONS) == set()


def test_every_row_names_known_personas():
    for spec in [*OPERATIONS.values(), *(s for row in PAGES.values() for s in row)]:
        assert served_by(spec) <= set(PERSONAS), spec


def _cells(world):
    ids = matrix.object_ids(world)
    for route in matrix.page_routes():
        namespace = route.name.split(":")[0] if ":" in route.name else ""
        url = matrix.fill(route.pattern, namespace, route.name, ids)
        for method, spec in zip(("get", "post"), PAGES[route.name], strict=True):
            yield f"{method.upper()} {route.name} {url}", method, url, {}, spec
    for operation in matrix.api_operations():
        namespace = operation.path.split("/")[3]
        url = matrix.fill(operation.path, namespace, operation.operation_id, ids)
        body = {} if operation.method in matrix.SAFE else {"data": "{}", "content_type": "application/json"}
        yield (
            f"{operation.method.upper()} {operation.operation_id} {url}",
            operation.method,
            url,
            body,
            (OPERATIONS[operation.operation_id]),
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_matrix_holds(world_and_media, persona, db):
    world = world_and_media[0]
    client = matrix.client_for(world, persona)
    leaks, lockouts, errors, cells = [], [], [], 0
    for label, method, url, kwargs, spec in _cells(world):
        cells += 1
        allowed = persona in served_by(spec)
        with transaction.atomic():
            try:
                answer = matrix.outcome(matrix.call(client, method, url, **kwargs))
            except Exception as exc:  # a server error in DEBUG surfaces as the view's exception
                answer = f"error {exc!r}"[:200]
            transaction.set_rollback(True)
        if answer.startswith("error"):
            errors.append(f"{label}: {answer}")
        elif answer == "served" and not allowed:
            leaks.append(label)
        elif answer != "served" and allowed:
            lockouts.append(f"{label}: {answer}")
    print(f"\n{persona}: {cells} cells, {len(leaks)} leaks, {len(lockouts)} lockouts, {len(errors)} errors")
    assert (leaks, lockouts, errors) == ([], [], [])
