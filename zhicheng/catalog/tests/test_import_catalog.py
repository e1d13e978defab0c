"""Importing the catalog from Excel: all rows or nothing, with a row-by-row report in Chinese."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhicheng.accounts.models import Role
from zhicheng.accounts.tests.factories import AgencyFactory, UserFactory
from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.importing import RowError, export_template, import_catalog
from zhicheng.catalog.models import Committee, Fee, Plan, QualificationMapping, Series, Specialty, Step, Window
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.catalog.tests.workbooks import COMMITTEE, VALID, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau():
    return UserFactory(role=Role.BUREAU, is_staff=True, username="bureau")


@pytest.fixture
def ready():
    AgencyFactory()
    return PlanFactory(year=2024)


def _counts():
    return [m.objects.count() for m in (Series, Specialty, Committee, Window, Fee, QualificationMapping)]


def test_a_valid_workbook_creates_the_catalog(ready, bureau):
    report = import_catalog(workbook(VALID), by=bureau)

    assert report.ok, report.errors
    assert {s.sheet: (s.created, s.updated, s.unchanged) for s in report.sheets} == {
        "系列": (1, 0, 0),
        "专业": (2, 0, 0),
        "评委会": (1, 0, 0),
        "时间窗口": (3, 0, 0),
        "收费标准": (1, 0, 0),
        "职业资格对应": (1, 0, 0),
    }
    committee = Committee.objects.get(name=COMMITTEE)
    assert committee.specialty.name == "计算机技术"
    assert committee.expires_on == datetime.date(2026, 2, 28)
    assert list(ready.committees.all()) == [committee]
    assert Window.objects.get(plan=ready, series__code="engineering").step == Step.AGENCY
    assert Fee.objects.get(committee=committee).amount == Decimal("300.00")
    assert QualificationMapping.objects.get(name="一级建造师").level == "intermediate"
    assert Series.objects.get(code="engineering").allows_high_skilled is True
    events = AuditEvent.objects.filter(action="catalog_imported")
    assert events.count() == 9
    assert {e.actor_id for e in events} == {bureau.pk}


def test_importing_the_same_workbook_again_changes_nothing(ready, bureau):
    import_catalog(workbook(VALID), by=bureau)
    events = AuditEvent.objects.count()

    report = import_catalog(workbook(VALID), by=bureau)

    assert report.ok
    assert all(s.created == s.updated == 0 for s in report.sheets)
    assert AuditEvent.objects.count() == events


def test_a_changed_fee_is_updated_and_audited(ready, bureau):
    import_catalog(workbook(VALID), by=bureau)

    report = import_catalog(workbook({"收费标准": [[2024, COMMITTEE, "中级", "350.5"]]}), by=bureau)

    assert report.ok
    assert {s.sheet: s.updated for s in report.sheets} == {
        "系列": 0,
        "专业": 0,
        "评委会": 0,
        "时间窗口": 0,
        "收费标准": 1,
        "职业资格对应": 0,
    }
    assert Fee.objects.get().amount == Decimal("350.50")
    event = AuditEvent.objects.filter(object_type="catalog.fee").last()
    assert event.data["before"] == {"amount": "300.00"}
    assert event.data["after"] == {"amount": "350.50"}


def test_any_invalid_row_writes_nothing_and_every_problem_is_listed(ready, bureau):
    sheets = {key: [list(row) for row in rows] for key, rows in VALID.items()}
    sheets["专业"].append(["nosuch", "x", "某专业"])
    sheets["评委会"][0][9] = "2027-03-01"  # more than 3 years after filing
    sheets["时间窗口"].append([2024, "", "个人网上申报", "2024-13-01", ""])
    sheets["收费标准"].append([2024, COMMITTEE, "正高级", 500])
    sheets["职业资格对应"].append(["注册会计师", "accounting", "中级"])

    report = import_catalog(workbook(sheets), by=bureau)

    assert not report.ok
    assert report.errors == [
        RowError("专业", 4, "系列代码“nosuch”不存在"),
        RowError("评委会", 2, "备案有效期至：备案有效期不得超过3年（最晚 2026-03-01）"),
        RowError("时间窗口", 5, "“开始日期”“2024-13-01”不是有效日期，请按 2024-07-02 格式填写"),
        RowError("时间窗口", 5, "“截止日期”不能为空"),
        RowError("收费标准", 2, f"评委会“{COMMITTEE}”不存在"),
        RowError("收费标准", 3, f"评委会“{COMMITTEE}”不存在"),
        RowError("职业资格对应", 3, "系列代码“accounting”不存在"),
    ]
    assert _counts() == [0, 0, 0, 0, 0, 0]
    assert not AuditEvent.objects.exists()


def test_rows_repeated_in_a_sheet_are_reported(ready, bureau):
    report = import_catalog(workbook({"系列": VALID["系列"] * 2}), by=bureau)
    assert report.errors == [RowError("系列", 3, "与第2行重复")]
    assert not Series.objects.exists()


def test_unreadable_cells_name_the_column_and_the_allowed_values(ready, bureau):
    sheets = {
        "系列": [["art", "艺术", "可能", "是", "是", "是", "否", "abc"]],
        "职业资格对应": [["某资格", "art", "高级"]],
    }
    report = import_catalog(workbook(sheets), by=bureau)
    assert report.errors == [
        RowError("系列", 2, "“工程技术系列”请填写“是”或“否”"),
        RowError("系列", 2, "“排序”“abc”不是非负整数"),
        RowError("职业资格对应", 2, "“对应级别”“高级”无效，可填：正高级、副高级、中级、助理级、员级"),
    ]


def test_a_missing_plan_or_agency_is_explained(bureau):
    sheets = {"评委会": VALID["评委会"], "时间窗口": [[2025, "", "个人网上申报", "2025-07-01", "2025-07-22"]]}
    report = import_catalog(workbook({"系列": VALID["系列"], **sheets}), by=bureau)
    assert report.errors == [
        RowError("评委会", 2, "评审服务机构“北京市工程技术评审服务中心”不存在，请先在“单位/机构”中建立"),
        RowError("时间窗口", 2, "2025年度计划尚未建立，请先在“年度计划”中新建"),
    ]
    assert not Plan.objects.exists()


def test_junior_engineering_committee_needs_a_district(ready, bureau):
    row = list(VALID["评委会"][0])
    row[4] = "初级"
    row[0] = "北京市工程技术系列初级评审委员会"
    report = import_catalog(workbook({"系列": VALID["系列"], "专业": VALID["专业"], "评委会": [row]}), by=bureau)
    assert report.errors == [RowError("评委会", 2, "工程技术系列初级评委会须填写所在区")]


def test_missing_and_unknown_columns_are_reported_on_the_header_row(bureau):
    book = load_workbook(io.BytesIO(export_template()))
    sheet = book["专业"]
    sheet.delete_cols(3)
    sheet.cell(row=1, column=3, value="备注")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    report = import_catalog(buffer, by=bureau)

    assert report.errors == [RowError("专业", 1, "缺少必填列：专业名称"), RowError("专业", 1, "无法识别的列：备注")]


def test_a_file_that_is_not_a_workbook_is_refused(bureau):
    report = import_catalog(io.BytesIO(b"MZ\x90\x00 this is a program"), by=bureau)
    assert report.errors == [RowError("", 0, "文件不是有效的Excel工作簿（.xlsx），请使用导入模板填写")]


def test_an_unknown_sheet_is_refused(bureau):
    book = load_workbook(io.BytesIO(export_template()))
    book.create_sheet("人员名单")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    report = import_catalog(buffer, by=bureau)
    assert [(e.sheet, e.message.split("，")[0]) for e in report.errors] == [("人员名单", "无法识别的工作表")]


def test_the_template_has_one_sheet_per_kind_and_imports_as_empty():
    book = load_workbook(io.BytesIO(export_template()))
    assert book.sheetnames == ["说明", "系列", "专业", "评委会", "时间窗口", "收费标准", "职业资格对应"]
    assert [c.value for c in book["收费标准"][1]] == ["年度", "评委会名称", "级别", "金额（元）"]
    report = import_catalog(io.BytesIO(export_template()), by=None)
    assert report.ok
    assert len(report.sheets) == 6
