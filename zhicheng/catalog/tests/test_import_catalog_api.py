import io

import pytest
from openpyxl import load_workbook

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.catalog.importing import export_template
from zhicheng.catalog.models import Series

pytestmark = pytest.mark.django_db


def _workbook_with_bad_series_row() -> bytes:
    book = load_workbook(io.BytesIO(export_template()))
    book["系列"].append(["", "无代码系列", "否", "否", "否", "否", "否", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_bureau_imports_the_template_through_the_api(client):
    client.force_login(UserFactory(role=Role.BUREAU))
    upload = io.BytesIO(export_template())
    upload.name = "名录.xlsx"

    response = client.post("/api/v1/catalog/import", {"file": upload})

    assert response.status_code == 200
    assert response.json()["ok"] is True


def test_a_bad_row_is_reported_by_sheet_and_row_and_nothing_is_written(client):
    client.force_login(UserFactory(role=Role.BUREAU))
    upload = io.BytesIO(_workbook_with_bad_series_row())
    upload.name = "名录.xlsx"
    before = Series.objects.count()

    response = client.post("/api/v1/catalog/import", {"file": upload})

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["code"], error["field"]) == ("invalid", "系列:2")
    assert Series.objects.count() == before


def test_only_the_bureau_may_import(client):
    client.force_login(UserFactory(role=Role.AGENCY))
    upload = io.BytesIO(export_template())
    upload.name = "名录.xlsx"

    response = client.post("/api/v1/catalog/import", {"file": upload})

    assert response.status_code == 403
