"""The three documents render as real PDFs with the applicant's data; user text is printed as text."""

import pytest

from zhicheng.accounts.tests.factories import ZHANG_SAN_ID
from zhicheng.documents import pdf

pytestmark = pytest.mark.django_db

MARKUP = "<script>alert('x')</script>智慧政务平台"


def _flat(text: str) -> str:
    return "".join(text.split())


def test_info_form_has_every_section_and_the_full_id_number(application, pdf_text):
    data = pdf.render_info_form(application)

    assert data.startswith(b"%PDF")
    text = _flat(pdf_text(data))
    for expected in (
        "职称申报信息表",
        "张三",
        "工程技术",
        "计算机技术",
        ZHANG_SAN_ID,
        "13812345678",
        "北京理工大学",
        "北京测试科技有限公司",
        "基于微服务的政务平台高并发设计",
        "单位推荐意见",
        "（盖章）",
    ):
        assert expected in text, expected


def test_pledge_states_the_consequences_of_fraud(application, pdf_text):
    data = pdf.render_pledge(application)

    assert data.startswith(b"%PDF")
    text = _flat(pdf_text(data))
    assert "诚信承诺书" in text
    assert "张三" in text
    assert "取消申报资格" in text
    assert "撤销职称" in text
    assert "记录期限为3年" in text
    assert "承诺人（签字）" in text


def test_posting_has_no_id_number_and_no_phone(application, pdf_text):
    data = pdf.render_posting(application)

    assert data.startswith(b"%PDF")
    text = _flat(pdf_text(data))
    assert "张三" in text
    assert "工程技术·计算机技术" in text
    assert "中级" in text
    assert "工程技术助理级" in text  # current title
    assert "公示时间" in text
    assert ZHANG_SAN_ID not in text
    assert ZHANG_SAN_ID[-4:] + "X" not in text
    assert "13812345678" not in text
    assert "5678" not in text


@pytest.mark.parametrize("render", [pdf.render_info_form, pdf.render_posting])
def test_markup_in_a_field_is_printed_literally(application, pdf_text, render):
    assert _flat(MARKUP) in _flat(pdf_text(render(application)))
