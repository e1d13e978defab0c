"""The Chinese texts of the key-node SMS (R-103)."""

import pytest

from zhicheng.notifications.templates import TEMPLATES, render

KEY_NODES = [
    "verify_code",
    "application_submitted",
    "application_returned",
    "correction_requested",
    "application_approved",
    "payment_received",
    "application_abandoned",
    "defense_notice",
]


@pytest.mark.parametrize("template_id", KEY_NODES)
def test_r103_every_key_node_has_a_template_that_renders_all_its_parameters(template_id):
    template = TEMPLATES[template_id]
    params = {name: f"〔{name}〕" for name in template.params}
    text = render(template_id, params)
    assert all(value in text for value in params.values())
    assert "{" not in text


def test_r103_approval_sms_tells_the_fee_and_the_deadline():
    text = render(
        "application_approved",
        {"name": "张三", "number": "2024-0001", "committee": "工程技术中级评委会", "fee": "350", "deadline": "8月30日"},
    )
    assert "350元" in text
    assert "8月30日前" in text
    assert "逾期未缴费视为放弃申报" in text


def test_verify_code_text():
    assert render("verify_code", {"code": "024680", "minutes": "10"}) == (
        "您的验证码为024680，10分钟内有效。如非本人操作，请忽略本短信。"
    )
