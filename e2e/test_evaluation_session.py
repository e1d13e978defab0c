"""A whole evaluation session in the browser: the agency asks for experts, the bureau draws them, nine experts
accept, the agency files the roster, forms the panels and opens the meeting, every expert votes by secret ballot,
the chair closes and announces, and every expert signs the minutes (R-63, R-61, R-65, R-68…R-71)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from zhicheng.accounts.models import OrgKind, Role, User
from zhicheng.accounts.services import current_totp_code, ensure_totp_secret
from zhicheng.accounts.tests.factories import AgencyFactory, OrganizationFactory, UserFactory
from zhicheng.applications.models import Status
from zhicheng.ballots.models import Ballot, VoteResult
from zhicheng.catalog.models import Level, Series, Specialty, Tier
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.evaluations.models import EvaluationSession, SessionStatus
from zhicheng.evaluations.tests.factories import paid_application
from zhicheng.experts.tests.factories import ExpertWithAccountFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
PASSWORD = "Zc-test-2024!"  # the factories' password
EXPERTS = ["王建国", "李明华", "张卫东", "刘志强", "陈晓燕", "杨光", "赵丽娟", "黄海涛", "周文斌"]
APPLICANTS = ["孙立新", "马丽", "高峰"]


@pytest.fixture
def world(transactional_db):
    load_reference_data()
    engineering = Series.objects.get(code="engineering")
    agency = AgencyFactory(name="北京市人才服务中心")
    computer = Specialty.objects.get(series=engineering, code="computer")
    committee = CommitteeFactory(
        name="北京市工程技术系列计算机技术专业中级评审委员会",
        agency=agency,
        series=engineering,
        specialty=computer,
        tier=Tier.INTERMEDIATE,
        filed_experts=9,  # the bureau filed a committee of nine for this specialty
    )
    plan = open_year(committee)
    units = [OrganizationFactory(name=f"北京{n}数据科技有限公司", kind=OrgKind.UNIT) for n in "甲乙丙"]
    applications = [
        paid_application(committee, plan, level=Level.INTERMEDIATE, name=name, unit=unit)
        for name, unit in zip(APPLICANTS, units, strict=True)
    ]
    experts = [
        ExpertWithAccountFactory(
            name=name,
            series=engineering,
            specialty=computer,
            level=Level.SENIOR_DEPUTY,
            title_name="高级工程师",
            user__username=f"zj{n:02d}",
            user__real_name=name,
            # The first expert signs the confidentiality agreement in the browser.
            confidentiality_signed_at=None if n == 0 else datetime.datetime(2026, 9, 1, tzinfo=BEIJING),
            confidentiality_version="" if n == 0 else "2024.1",
        )
        for n, name in enumerate(EXPERTS)
    ]
    # Works where an applicant works: the draw leaves this expert out.
    ExpertWithAccountFactory(
        name="吴振宇", series=engineering, specialty=computer, level=Level.SENIOR_FULL, unit=units[0]
    )
    agency_user = UserFactory(username="jg-rencai", real_name="李经办", role=Role.AGENCY, organization=agency)
    bureau_user = UserFactory(username="sj-zhuanjia", real_name="赵市局", role=Role.BUREAU)
    for user in (agency_user, bureau_user, *(e.user for e in experts)):
        ensure_totp_secret(user)
    return {
        "committee": committee,
        "applications": applications,
        "experts": experts,
        "agency": agency_user,
        "bureau": bureau_user,
    }


def _sign_in(context: BrowserContext, base: str, user: User) -> Page:
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base + "/accounts/login/")
    page.get_by_label("账号").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="动态口令验证")).to_be_visible()
    page.get_by_label("动态口令").fill(current_totp_code(User.objects.get(pk=user.pk)))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("heading", name="动态口令验证")).to_have_count(0)
    return page


@pytest.fixture
def contexts(browser: Browser):
    """One browser per person: the agency, the bureau and each of the nine experts."""
    made: list[BrowserContext] = []

    def new() -> BrowserContext:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def test_a_session_runs_from_the_agencys_request_to_minutes_signed_by_nine_experts(world, live_server, contexts):
    base = live_server.url
    experts = world["experts"]

    # The agency creates the session for its committee and asks the bureau to draw nine experts.
    agency = _sign_in(contexts(), base, world["agency"])
    agency.goto(base + "/evaluations/")
    agency.get_by_role("link", name="新建评审会").click()
    agency.get_by_label("评委会").select_option(label=world["committee"].name)
    agency.get_by_label("评审会名称").fill("2026年度计算机技术专业中级评审会")
    agency.get_by_label("评审会议日期").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    agency.get_by_label("会议地点").fill("北京市海淀区人才大厦5层会议室")
    agency.get_by_label("申请抽取专家人数").fill("9")
    agency.get_by_role("button", name="创建评审会").click()
    expect(agency.get_by_role("heading", name="2026年度计算机技术专业中级评审会")).to_be_visible()
    agency.get_by_role("button", name="申请市人社局抽取专家").click()
    expect(agency.get_by_text("待市局抽取专家").first).to_be_visible()
    session = EvaluationSession.objects.get()

    # The bureau draws them at random; the expert who works with an applicant is left out with the reason.
    bureau = _sign_in(contexts(), base, world["bureau"])
    bureau.goto(f"{base}/evaluations/{session.pk}/")
    bureau.get_by_role("link", name="随机抽取专家").click()
    bureau.get_by_role("button", name="确认随机抽取").click()
    expect(bureau.get_by_text("专家确认中").first).to_be_visible()
    expect(bureau.get_by_text("吴振宇：与申报人同一单位（申报人：孙立新）")).to_have_count(1)

    # Each expert signs the confidentiality agreement if not yet done, then accepts.
    pages: list[Page] = []
    for n, expert in enumerate(experts):
        page = _sign_in(contexts(), base, expert.user)
        expect(page.get_by_role("heading", name="我的评审任务")).to_be_visible()
        if n == 0:
            expect(page.get_by_role("button", name="确认参加")).to_be_disabled()
            page.get_by_role("link", name="保密协议").first.click()
            page.get_by_role("checkbox").check()
            page.get_by_role("button", name="签署").click()
            expect(page.locator("#signed")).to_be_visible()
            page.goto(base + "/evaluations/mine/")
        page.get_by_role("button", name="确认参加").click()
        expect(page.get_by_text("已确认参加").first).to_be_visible()
        pages.append(page)

    # The agency names the chair and a vice chair and files the list of nine with the bureau.
    agency.goto(f"{base}/evaluations/{session.pk}/")
    agency.get_by_role("link", name="指定职务并报备专家名单").click()
    agency.get_by_role("radio", name=re.compile(f"^{experts[0].name}")).check()
    agency.get_by_role("checkbox", name=re.compile(f"^{experts[1].name}")).check()
    agency.get_by_role("button", name="报备专家名单").click()
    expect(agency.get_by_text("专家名单已报备").first).to_be_visible()

    # Three panels of three.
    agency.get_by_role("link", name="评议组与答辩").click()
    agency.get_by_label("评议组数").fill("3")
    agency.get_by_role("button", name="组建评议组").click()
    expect(agency.get_by_role("button", name="重新组建")).to_be_visible()

    # The meeting: all nine attend, so the quorum of 2/3 is met and the chair presides.
    agency.goto(f"{base}/evaluations/{session.pk}/")
    agency.get_by_role("link", name="评审会议与纪要").click()
    for expert in experts:
        agency.get_by_label(expert.name, exact=True).check()
    agency.get_by_role("button", name="保存出席情况").click()
    expect(agency.get_by_role("heading", name=re.compile("已出席 9 人"))).to_be_visible()
    agency.get_by_role("button", name="召开评审会议").click()
    expect(agency.get_by_text("评审会议进行中").first).to_be_visible()

    chair = pages[0]
    chair.goto(base + "/evaluations/mine/")
    chair.get_by_role("link", name="主持表决").click()
    chair.get_by_role("button", name="开始投票").click()
    expect(chair.get_by_text("投票表决中").first).to_be_visible()

    # One secret ballot each, in one round: 孙立新 gets 9 approvals, 马丽 6 (6 × 3 ≥ 9 × 2, passes),
    # 高峰 5 (fails).
    approvals = {APPLICANTS[0]: 9, APPLICANTS[1]: 6, APPLICANTS[2]: 5}
    receipts = []
    for n, page in enumerate(pages):
        page.goto(base + "/evaluations/mine/")
        page.get_by_role("link", name="投票").click()
        for name, count in approvals.items():
            row = page.get_by_role("row").filter(has_text=name)
            row.get_by_label("同意" if n < count else "不同意", exact=True).check()
        page.get_by_role("button", name="提交选票").click()
        expect(page.get_by_role("heading", name="投票成功")).to_be_visible()
        receipts.append(page.locator("#receipt-code").inner_text())
    assert len(set(receipts)) == 9

    chair.goto(base + "/evaluations/mine/")
    chair.get_by_role("link", name="主持表决").click()
    chair.get_by_role("button", name="结束投票并宣布结果").click()
    expect(chair.get_by_role("heading", name="表决结果")).to_be_visible()

    # A receipt proves the sheet was counted and shows no choice, not even to its holder.
    voter = pages[-1]
    voter.goto(f"{base}/ballots/sessions/{session.pk}/receipt/")
    voter.get_by_label("投票回执码").fill(receipts[-1])
    voter.get_by_role("button", name="核对").click()
    checked = voter.locator("#receipt-check")
    expect(checked).to_contain_text("您的选票已计入表决结果")
    expect(checked).not_to_contain_text("同意")

    # Every attending expert signs the minutes with their password; then they are archived.
    for page in pages:
        page.goto(base + "/evaluations/mine/")
        page.get_by_role("link", name="会议纪要").click()
        page.get_by_label("请再次输入登录密码").fill(PASSWORD)
        page.get_by_role("button", name="签署会议纪要").click()
    expect(pages[-1].get_by_role("link", name="下载纪要PDF")).to_be_visible()

    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert session.minutes.locked_at is not None
    assert session.minutes.signatures.count() == 9
    results = {
        r.entry.application.applicant.real_name: r
        for r in VoteResult.objects.select_related("entry__application__applicant")
    }
    assert {name: (r.approvals, r.attending, r.passed) for name, r in results.items()} == {
        APPLICANTS[0]: (9, 9, True),
        APPLICANTS[1]: (6, 9, True),
        APPLICANTS[2]: (5, 9, False),
    }
    for application in world["applications"]:
        application.refresh_from_db()
    statuses = {a.applicant.real_name: a.status for a in world["applications"]}
    assert statuses == {APPLICANTS[0]: Status.PASSED, APPLICANTS[1]: Status.PASSED, APPLICANTS[2]: Status.FAILED}
    assert Ballot.objects.count() == 27
