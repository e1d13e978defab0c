"""Expert workbooks built from the downloadable template, as the bureau fills them in."""

import io
from typing import Any

from openpyxl import load_workbook

from zhicheng.experts.importing import export_template


def row(name: str = "王工", phone: str = "13911112222", **overrides: Any) -> list[Any]:
    """One row in template column order, engineering series by default."""
    values = {
        "系列": "工程技术",
        "专业": "",
        "职称级别": "正高级",
        "职称名称": "正高级工程师",
        "工作单位": "北京市建筑设计研究院",
        "基层一线": "是",
        "中央单位": "否",
        "非公领域": "否",
        "青年": "否",
        "所属自主评聘单位": "",
    } | overrides
    return [name, phone, *values.values()]


def workbook(*rows: list[Any]) -> io.BytesIO:
    book = load_workbook(io.BytesIO(export_template()))
    for cells in rows:
        book["专家"].append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "专家.xlsx"
    return buffer
