"""manage.py import_catalog path.xlsx: the same import from the command line."""

import pytest
from django.core.management import CommandError, call_command

from zhicheng.accounts.tests.factories import AgencyFactory
from zhicheng.catalog.models import Committee, Series
from zhicheng.catalog.tests.factories import PlanFactory
from zhicheng.catalog.tests.workbooks import COMMITTEE, VALID, workbook

pytestmark = pytest.mark.django_db


def test_imports_a_valid_file(tmp_path, capsys):
    AgencyFactory()
    PlanFactory(year=2024)
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(workbook(VALID).getvalue())

    call_command("import_catalog", str(path))

    assert Committee.objects.filter(name=COMMITTEE).exists()
    assert "名录导入成功" in capsys.readouterr().out


def test_an_invalid_file_prints_every_problem_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(workbook({"系列": VALID["系列"], "专业": [["nosuch", "x", "某专业"]]}).getvalue())

    with pytest.raises(CommandError, match="发现1处问题，未导入任何数据"):
        call_command("import_catalog", str(path))

    assert "专业，第2行：系列代码“nosuch”不存在" in capsys.readouterr().err
    assert not Series.objects.exists()


def test_a_missing_file_or_user_is_refused(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_catalog", str(tmp_path / "none.xlsx"))
    path = tmp_path / "catalog.xlsx"
    path.write_bytes(workbook({}).getvalue())
    with pytest.raises(CommandError, match="找不到用户"):
        call_command("import_catalog", str(path), "--by", "nobody")
