"""Bureau staff maintain the catalog in the admin and upload the Excel workbook there."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.catalog.models import Committee, Series
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import CommitteeFactory, FeeFactory, PlanFactory, WindowFactory
from zhicheng.catalog.tests.workbooks import COMMITTEE, VALID, workbook

pytestmark = pytest.mark.django_db

MODELS = ["district", "series", "specialty", "committee", "plan", "window", "fee", "qualificationmapping"]


@pytest.fixture
def bureau_client(client):
    client.force_login(UserFactory(role=Role.BUREAU, is_staff=True))
    return client


def _upload(content: bytes, name: str = "catalog.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_every_catalog_page_opens_for_the_bureau(bureau_client):
    load_reference_data()
    fee = FeeFactory(plan=PlanFactory(year=2024))
    WindowFactory(plan=fee.plan)
    for model in MODELS:
        assert bureau_client.get(reverse(f"admin:catalog_{model}_changelist")).status_code == 200, model
        assert bureau_client.get(reverse(f"admin:catalog_{model}_add")).status_code == 200, model
    page = bureau_client.get(reverse("admin:catalog_plan_change", args=[fee.plan.pk])).content.decode()
    assert "申报时间窗口" in page
    assert "评审费标准" in page
    assert "从Excel导入名录" in bureau_client.get(reverse("admin:catalog_plan_changelist")).content.decode()


def test_other_staff_see_no_catalog(client):
    client.force_login(UserFactory(role=Role.AGENCY, is_staff=True))
    assert client.get(reverse("admin:catalog_committee_changelist")).status_code == 403
    assert client.get(reverse("admin:catalog_plan_import")).status_code == 403
    assert client.get(reverse("admin:catalog_plan_import_template")).status_code == 403


def test_bureau_uploads_a_workbook_and_sees_the_result(bureau_client):
    AgencyFactory()
    PlanFactory(year=2024)
    form = bureau_client.get(reverse("admin:catalog_plan_import")).content.decode()
    assert "下载导入模板" in form
    response = bureau_client.post(reverse("admin:catalog_plan_import"), {"file": _upload(workbook(VALID).read())})
    page = response.content.decode()
    assert response.status_code == 200
    assert "名录导入成功" in page
    assert "导入结果" in page
    assert Committee.objects.filter(name=COMMITTEE).exists()


def test_bureau_sees_every_problem_and_nothing_is_imported(bureau_client):
    content = workbook({"系列": VALID["系列"], "专业": [["<b>no</b>", "x", "某专业"]]}).read()
    response = bureau_client.post(reverse("admin:catalog_plan_import"), {"file": _upload(content)})
    page = response.content.decode()
    assert "发现1处问题，未导入任何数据" in page
    assert "系列代码“&lt;b&gt;no&lt;/b&gt;”不存在" in page
    assert "<b>no</b>" not in page
    assert not Series.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused_by_the_form(bureau_client):
    response = bureau_client.post(reverse("admin:catalog_plan_import"), {"file": _upload(b"a,b", "catalog.csv")})
    assert "请上传 .xlsx 格式的Excel文件" in response.content.decode()


def test_bureau_downloads_the_template(bureau_client):
    response = bureau_client.get(reverse("admin:catalog_plan_import_template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def test_committee_filed_for_more_than_three_years_is_refused_in_the_admin(bureau_client):
    committee = CommitteeFactory()
    data = {
        "name": committee.name,
        "agency": committee.agency_id,
        "series": committee.series_id,
        "tier": committee.tier,
        "filed_on": "2024-01-01",
        "expires_on": "2027-06-30",
    }
    response = bureau_client.post(reverse("admin:catalog_committee_change", args=[committee.pk]), data)
    assert "备案有效期不得超过3年" in response.content.decode()
