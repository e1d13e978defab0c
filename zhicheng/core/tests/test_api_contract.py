"""One API contract: a valid OpenAPI document, one schema per name, one error shape for every error."""

import json
import typing

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from ninja import Schema
from ninja.params.models import BodyModel
from openapi_spec_validator import validate
from pydantic import BaseModel

from zhicheng.api import api
from zhicheng.applications.tests.factories import complete_application
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.core.api_errors import ERROR_STATUSES, STATUS_BY_CODE
from zhicheng.notifications.models import SmsMessage


def _document() -> dict[str, typing.Any]:
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _models_in(annotation: typing.Any) -> typing.Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models_in(field.annotation)
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _schemas_of_the_code() -> set[type[BaseModel]]:
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        for model in operation.signature.models:
            for field in model.model_fields.values():
                found.update(_models_in(field.annotation))
        for model in operation.response_models.values():
            if isinstance(model, type):
                found.update(_models_in(model))
    return {m for m in found if issubclass(m, Schema) and m.__module__.startswith("zhicheng.")}


def test_the_openapi_document_is_valid():
    validate(_document())


def test_every_schema_name_names_one_schema():
    by_name: dict[str, set[str]] = {}
    for model in _schemas_of_the_code():
        by_name.setdefault(model.__name__, set()).add(model.__module__)

    assert {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1} == {}


def _resolve(document: dict[str, typing.Any], schema: dict[str, typing.Any]) -> dict[str, typing.Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_documented_body_is_the_one_the_code_reads():
    document = _document()
    by_id = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    compared = 0
    for operation in _operations():
        for body in (m for m in operation.signature.models if issubclass(m, BodyModel)):
            documented = by_id[api.get_openapi_operation_id(operation)]
            content = documented["requestBody"]["content"]
            top = _resolve(document, next(iter(content.values()))["schema"])
            single = getattr(body, "__read_from_single_attr__", None)
            for name, field in body.model_fields.items():
                if not (isinstance(field.annotation, type) and issubclass(field.annotation, Schema)):
                    continue
                schema = top if single else _resolve(document, top["properties"][name])
                own = field.annotation.model_json_schema()
                assert set(schema.get("properties", {})) == set(own.get("properties", {})), documented["operationId"]
                assert set(schema.get("required", [])) == set(own.get("required", [])), documented["operationId"]
                compared += 1
    assert compared > 50


def test_every_operation_declares_the_error_shape_for_every_error_status():
    document = _document()
    assert set(document["components"]["schemas"]["ErrorOut"]["properties"]) == {"errors"}
    for path_item in document["paths"].values():
        for operation in path_item.values():
            for status in ERROR_STATUSES:
                schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, operation["operationId"]


def test_every_refusal_code_maps_to_a_declared_status():
    assert set(STATUS_BY_CODE.values()) - {500} <= set(ERROR_STATUSES) | {405}


def _assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    errors = response.json()["errors"]
    assert errors[0]["code"] == code
    assert set(errors[0]) == {"code", "message", "rule", "field"}
    assert errors[0]["message"]


@pytest.fixture
def applicant_client(client, zhang_san):
    client.force_login(zhang_san)
    return client


def test_malformed_json_is_a_400_in_the_error_shape(applicant_client):
    response = applicant_client.post("/api/v1/applications/", b'{"committee_id": ', content_type="application/json")

    _assert_error_shape(response, 400, "malformed")


def test_an_unknown_url_under_api_is_a_404_in_the_error_shape(applicant_client):
    _assert_error_shape(applicant_client.get("/api/v1/no-such-thing"), 404, "not_found")
    _assert_error_shape(applicant_client.get("/api/v2/"), 404, "not_found")


def test_a_wrong_method_is_a_405_in_the_error_shape(applicant_client):
    response = applicant_client.put("/api/v1/accounts/me")

    _assert_error_shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_a_body_over_the_limit_is_a_413_in_the_error_shape(client, settings, db):
    body = json.dumps({"phone": "1" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})

    _assert_error_shape(
        client.post("/api/v1/accounts/sms-code", body, content_type="application/json"), 413, "too_large"
    )
    assert not SmsMessage.objects.exists()


def test_a_text_plain_body_is_a_415_in_the_error_shape(client, db):
    response = client.post("/api/v1/accounts/sms-code", '{"phone": "13911112222"}', content_type="text/plain")

    _assert_error_shape(response, 415, "unsupported_media_type")
    assert not SmsMessage.objects.exists()


def test_an_input_of_the_wrong_type_is_a_422_naming_the_field(applicant_client):
    response = applicant_client.post("/api/v1/applications/", {"committee_id": "一"}, content_type="application/json")

    _assert_error_shape(response, 422, "invalid")
    assert "committee_id" in {e["field"] for e in response.json()["errors"]}


def test_too_many_code_requests_are_a_429_in_the_error_shape(client, db):
    assert (
        client.post("/api/v1/accounts/sms-code", {"phone": "13911112222"}, content_type="application/json").status_code
        == 200
    )

    again = client.post("/api/v1/accounts/sms-code", {"phone": "13911112222"}, content_type="application/json")

    _assert_error_shape(again, 429, "too_frequent")


def test_anonymous_and_wrong_role_are_401_and_403_in_the_error_shape(client, zhang_san):
    _assert_error_shape(client.get("/api/v1/agency-review/"), 401, "unauthenticated")
    client.force_login(zhang_san)
    _assert_error_shape(client.get("/api/v1/agency-review/"), 403, "forbidden")


def test_a_refused_move_is_a_409_in_the_error_shape(applicant_client, zhang_san):
    committee = CommitteeFactory()
    application = complete_application(applicant=zhang_san, plan=open_year(committee), committee=committee)
    assert applicant_client.post(f"/api/v1/applications/{application.pk}/submit").status_code == 201

    again = applicant_client.post(f"/api/v1/applications/{application.pk}/submit")

    _assert_error_shape(again, 409, "refused")


@pytest.mark.parametrize("pk", ["9223372036854775808", "99999999999999999999999", "-9223372036854775809"])
def test_ids_beyond_64_bits_are_not_found(applicant_client, pk):
    _assert_error_shape(applicant_client.get(f"/api/v1/applications/{pk}"), 404, "not_found")


def test_a_multipart_body_without_a_boundary_is_a_400_in_the_error_shape(applicant_client, zhang_san):
    application = complete_application(applicant=zhang_san)

    response = applicant_client.post(
        f"/api/v1/materials/applications/{application.pk}/attachments",
        b"--x\r\nContent-Disposition: form-data; name=kind\r\n\r\nphoto\r\n--x--\r\n",
        content_type="multipart/form-data",
    )

    _assert_error_shape(response, 400, "malformed")
