"""Importing experts from Excel: accounts and SMS for a good file; a row-by-row report and nothing written otherwise."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from zhicheng.accounts.models import Organization, Role, User
from zhicheng.accounts.tests.factories import OrganizationFactory
from zhicheng.audit.models import AuditEvent
from zhicheng.catalog.tests.factories import SpecialtyFactory
from zhicheng.experts.importing import RowError, export_template, import_experts
from zhicheng.experts.models import Expert, ExpertStatus
from zhicheng.experts.tests.factories import ExpertFactory
from zhicheng.experts.tests.workbooks import row, workbook
from zhicheng.notifications.models import SmsMessage


def _nothing_written() -> bool:
    experts = User.objects.filter(role=Role.EXPERT)
    return not (Expert.objects.exists() or experts.exists() or SmsMessage.objects.exists())


def test_good_file_creates_candidates_with_accounts_and_queues_their_sms(bureau, series):
    SpecialtyFactory(series=series)
    unit = OrganizationFactory(name="北京市建筑设计研究院")
    own = OrganizationFactory(name="北京某自主评聘大学")

    report = import_experts(
        workbook(
            row("王工", "13911112222", 专业="计算机技术", 青年="是"),
            row("李工", 13922223333, 系列="engineering", 工作单位="某民营企业", 所属自主评聘单位=own.name),
        ),
        by=bureau,
    )

    assert report.ok, report.errors
    assert report.created == 2
    wang, li = Expert.objects.order_by("id")
    assert (wang.status, wang.series, wang.specialty.name, wang.unit) == (
        ExpertStatus.CANDIDATE,
        series,
        "计算机技术",
        unit,
    )
    assert (wang.categories, wang.phone, wang.masked_phone) == (["基层一线", "青年"], "13911112222", "139****2222")
    assert (li.unit, li.unit_name, li.pool_owner) == (None, "某民营企业", own)
    assert wang.user.role == Role.EXPERT
    assert re.fullmatch(r"zj\d{8}", wang.user.username)
    sms = SmsMessage.objects.get(phone_hash=wang.phone_hash)
    assert sms.template_id == "expert_account"
    assert sms.params["username"] == wang.user.username
    assert wang.user.check_password(sms.params["password"])
    assert AuditEvent.objects.filter(action="expert_imported").count() == 2
    assert "password" not in str(AuditEvent.objects.filter(action="expert_imported").values_list("data", flat=True))


def test_bad_file_lists_every_problem_by_row_and_column_and_writes_nothing(bureau, series):
    known = ExpertFactory(series=series)
    known.set_phone("13900000000")
    known.save()

    report = import_experts(
        workbook(
            row("王工", "13911112222"),
            row("", "1391111", 系列="不存在的系列"),
            row("赵工", "13911112222", 职称级别="教授级", 基层一线="也许"),
            row("钱工", "13900000000", 专业="不存在的专业", 所属自主评聘单位="不存在的单位"),
        ),
        by=bureau,
    )

    assert not report.ok
    assert report.errors == [
        RowError(3, "姓名", "不能为空"),
        RowError(3, "手机号码", "“1391111”不是有效的11位手机号码"),
        RowError(3, "系列", "系列“不存在的系列”不存在"),
        RowError(4, "职称级别", "“教授级”无效，可填：正高级、副高级、中级、助理级、员级"),
        RowError(4, "基层一线", "请填写“是”或“否”"),
        RowError(4, "手机号码", "与第2行的手机号码重复"),
        RowError(5, "专业", "系列“工程技术”下没有专业“不存在的专业”"),
        RowError(5, "所属自主评聘单位", "单位“不存在的单位”不存在，请先在平台中建立"),
        RowError(5, "手机号码", "该手机号码的专家已在专家库中"),
    ]
    assert list(Expert.objects.all()) == [known]
    assert not User.objects.filter(role=Role.EXPERT).exists()
    assert not SmsMessage.objects.exists()


def test_missing_or_unknown_columns_are_reported_on_row_1(bureau, series):
    book = load_workbook(io.BytesIO(export_template()))
    sheet = book["专家"]
    sheet.delete_cols(2)
    sheet.cell(row=1, column=12, value="备注")
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    report = import_experts(buffer, by=bureau)

    assert report.errors == [RowError(1, "手机号码", "缺少必填列"), RowError(1, "备注", "无法识别的列，请使用导入模板")]


def test_a_file_that_is_not_a_workbook_is_refused(bureau):
    report = import_experts(io.BytesIO(b"not a workbook"), by=bureau)

    assert report.errors[0].message.startswith("文件不是有效的Excel工作簿")
    assert _nothing_written()


def test_the_template_has_the_columns_and_an_empty_one_imports_nothing(bureau):
    book = load_workbook(io.BytesIO(export_template()))

    assert [c.value for c in book["专家"][1]][:3] == ["姓名", "手机号码", "系列"]
    assert import_experts(io.BytesIO(export_template()), by=bureau).errors == [RowError(0, "", "工作簿中没有专家数据")]


def test_import_page_shows_the_report_and_the_template_downloads(client, bureau, series):
    client.force_login(bureau)

    template = client.get(reverse("experts:import_template"))
    bad = client.post(reverse("experts:import"), {"file": workbook(row(系列="无此系列"))})
    good = client.post(reverse("experts:import"), {"file": workbook(row())}, follow=True)

    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    assert bad.status_code == 400
    assert "<td>第2行</td><td>系列</td><td>系列“无此系列”不存在</td>" in bad.content.decode()
    assert "已导入1名专家" in good.content.decode()
    assert Expert.objects.count() == 1


def test_only_the_bureau_imports(client, agency, series):
    client.force_login(agency)

    assert client.post(reverse("experts:import"), {"file": workbook(row())}).status_code == 403
    assert client.get(reverse("experts:import_template")).status_code == 403
    assert _nothing_written()


def test_import_api_reports_rows_and_creates_nothing_on_error(client, bureau, series):
    client.force_login(bureau)

    bad = client.post("/api/v1/experts/import", {"file": workbook(row(), row(phone="123"))})
    good = client.post("/api/v1/experts/import", {"file": workbook(row())})

    assert bad.status_code == 422
    assert bad.json()["errors"] == [
        {"code": "invalid", "message": "“123”不是有效的11位手机号码", "rule": None, "field": "3:手机号码"}
    ]
    assert good.status_code == 200
    assert good.json() == {"ok": True, "created": 1, "errors": []}


def test_import_command(tmp_path, capsys, series):
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook(row()).getvalue())
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(row(系列="无此系列")).getvalue())

    with pytest.raises(CommandError, match="发现1处问题，未导入任何数据"):
        call_command("import_experts", str(bad))
    assert "第2行，系列：系列“无此系列”不存在" in capsys.readouterr().err

    call_command("import_experts", str(good))
    assert "已导入1名专家" in capsys.readouterr().out
    assert Organization.objects.filter(name="北京市建筑设计研究院").count() == 0
    assert Expert.objects.get().unit_name == "北京市建筑设计研究院"
