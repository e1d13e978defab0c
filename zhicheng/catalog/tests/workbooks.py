"""Building real catalog workbooks in tests, starting from the downloadable template."""

import io
from typing import Any

from openpyxl import load_workbook

from zhicheng.catalog.importing import export_template


def workbook(sheets: dict[str, list[list[Any]]], *, drop: tuple[str, ...] = ()) -> io.BytesIO:
    """The template with the given rows appended under each sheet's headers."""
    book = load_workbook(io.BytesIO(export_template()))
    for name in drop:
        del book[name]
    for name, rows in sheets.items():
        for row in rows:
            book[name].append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


AGENCY = "北京市工程技术评审服务中心"
COMMITTEE = "北京市工程技术系列计算机技术专业中级评审委员会"

VALID = {
    "系列": [["engineering", "工程技术", "是", "是", "否", "否", "否", 30]],
    "专业": [["engineering", "computer", "计算机技术"], ["engineering", "electronics", "电子信息"]],
    "评委会": [
        [
            COMMITTEE,
            AGENCY,
            "engineering",
            "computer",
            "中级评委会",
            "否",
            "",
            "京职备〔2023〕12号",
            "2023-03-01",
            "2026-02-28",
            "010-12345678",
            2024,
        ],
    ],
    "时间窗口": [
        [2024, "", "个人网上申报", "2024-07-02", "2024-07-23"],
        [2024, "", "单位审核推荐", "2024-07-02", "2024-07-30"],
        [2024, "engineering", "评审服务机构审核", "2024-07-02", "2024-08-30"],
    ],
    "收费标准": [[2024, COMMITTEE, "中级", 300]],
    "职业资格对应": [["一级建造师", "engineering", "中级"]],
}
