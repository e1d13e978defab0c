"""SMS templates (R-103): the id a gateway knows, the Chinese text and the parameters it needs.

Real gateways approve each template text in advance and take only its id and parameters, so the
texts live here once and every notice names its template by id.
"""

from dataclasses import dataclass
from string import Formatter


class SmsTemplateError(ValueError):
    """An unknown template id, or parameters that do not match the template."""


@dataclass(frozen=True)
class SmsTemplate:
    id: str
    text: str
    # Parameters that are credentials: the outbox blanks them once the message has left (sent or failed).
    secret_params: frozenset[str] = frozenset()

    @property
    def params(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in Formatter().parse(self.text) if name)


TEMPLATES: dict[str, SmsTemplate] = {
    t.id: t
    for t in [
        SmsTemplate(
            "verify_code",
            "您的验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。",
            secret_params=frozenset({"code"}),
        ),
        SmsTemplate(
            "verify_certificate_code",
            "您正在查验电子职称证书详细信息，验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。",
            secret_params=frozenset({"code"}),
        ),
        SmsTemplate(
            "application_submitted",
            "{name}您好，您的职称申报（编号{number}，{committee}）已提交，请等待用人单位审核推荐。",
        ),
        SmsTemplate(
            "application_returned",
            "{name}您好，您的职称申报（编号{number}，{committee}）被退回，请于{deadline}前登录平台查看原因，修改后重新提交。",
        ),
        SmsTemplate(
            "correction_requested",
            "{name}您好，评审服务机构已一次性告知您的职称申报（编号{number}，{committee}）需补正的材料，"
            "请于{deadline}前登录平台补正，逾期视为放弃申报。",
        ),
        SmsTemplate(
            "application_approved",
            "{name}您好，您的职称申报（编号{number}，{committee}）已通过审核，请于{deadline}前登录平台缴纳评审费{fee}元，"
            "逾期未缴费视为放弃申报。",
        ),
        SmsTemplate(
            "payment_received", "{name}您好，您的职称申报（编号{number}，{committee}）评审费{fee}元已缴纳成功。"
        ),
        SmsTemplate(
            "application_abandoned",
            "{name}您好，您的职称申报（编号{number}，{committee}）因{reason}，视为放弃申报。如有疑问请联系评审服务机构。",
        ),
        SmsTemplate(
            "defense_notice",
            "{name}您好，您的职称申报（编号{number}，{committee}）定于{time}在{place}答辩，请登录平台下载答辩通知书。",
        ),
        SmsTemplate(
            "expert_account",
            "{name}您好，您已纳入北京市职称评审专家库。登录账号{username}，初始密码{password}，"
            "请登录平台签署保密协议。账号密码请妥善保管，勿向他人透露。",
            secret_params=frozenset({"password"}),
        ),
        SmsTemplate(
            "expert_invited",
            "{name}专家您好，您被随机抽取为{committee}评审专家，评审会议定于{date}召开。"
            "请登录平台或打开链接确认是否参加：{link}。专家名单及评审材料请严格保密。",
        ),
        SmsTemplate(
            "recheck_answered",
            "{name}您好，评审服务机构已答复您对职称申报（编号{number}）评审结果提出的复查申请，请登录平台查看。",
        ),
        SmsTemplate(
            "result_posted",
            "{name}您好，您的职称评审结果（编号{number}）已通过验收，于{start}至{end}公示。公示期满无异议后予以确认备案。",
        ),
        SmsTemplate(
            "application_cancelled",
            "{name}您好，经查您的职称申报（编号{number}）存在弄虚作假行为，市人社局已决定取消申报资格（{decision}），"
            "并记入职称评审诚信档案至{until}。如有异议，请登录平台查看并提出申诉。",
        ),
        SmsTemplate(
            "certificate_issued",
            "{name}您好，您的电子职称证书（证书编号{number}）已制发，请登录平台“本人证书查询”下载证书和评价结果通知书。",
        ),
    ]
}


def get_template(template_id: str) -> SmsTemplate:
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise SmsTemplateError(f"unknown SMS template {template_id!r}") from None


def check_params(template_id: str, params: dict[str, str]) -> None:
    """Raise SmsTemplateError unless params are exactly the template's parameters, all strings."""
    expected = get_template(template_id).params
    if set(params) != expected:
        raise SmsTemplateError(f"SMS template {template_id!r} takes {sorted(expected)}, got {sorted(params)}")
    if not all(isinstance(value, str) for value in params.values()):
        raise SmsTemplateError(f"SMS template {template_id!r} parameters must be strings")


def scrub(template_id: str, params: dict[str, str]) -> dict[str, str]:
    """The parameters with every secret one replaced, as they are kept after delivery."""
    secret = get_template(template_id).secret_params
    return {name: "******" if name in secret else value for name, value in params.items()}


def render(template_id: str, params: dict[str, str]) -> str:
    """The text the recipient reads (without the sign name)."""
    check_params(template_id, params)
    return get_template(template_id).text.format(**params)
