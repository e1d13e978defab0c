"""Three roles in three browsers: the applicant submits, the unit HR posts and recommends, the agency returns the
application once with a two-item correction notice, the applicant corrects exactly those two items, the unit
recommends again, the agency approves with a payment deadline and the applicant pays at the simulated cashier."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from zhicheng.accounts.models import OrgKind, Role, User
from zhicheng.accounts.services import current_totp_code, ensure_totp_secret
from zhicheng.accounts.tests.factories import (
    ZHANG_SAN_ID,
    AgencyFactory,
    ApplicantFactory,
    OrganizationFactory,
    UserFactory,
)
from zhicheng.agency_review.models import CorrectionNotice
from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import complete_application
from zhicheng.audit.models import AuditEvent
from zhicheng.audit.services import object_ref
from zhicheng.catalog.models import Level, Series
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import CommitteeFactory, FeeFactory, open_year
from zhicheng.fees.models import PaymentStatus
from zhicheng.workdays.services import load_year_from_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
PASSWORD = "Zc-test-2024!"  # the factories' password
# A Monday without holidays around it: the five-working-day posting runs 8–12 June 2026.
MONDAY = datetime.date(2026, 6, 8)
POSTING_ENDS = datetime.date(2026, 6, 12)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), BEIJING)


@pytest.fixture
def clock():
    """The whole journey runs on a moving clock that starts on MONDAY at 9:00 in Beijing.

    R-30 lets the unit recommend only after the posting of five working days has ended, and start_posting
    refuses a posting that starts in the past, so the only honest way to get there is to let the days pass:
    the live server runs in a thread of this process, so moving time_machine's clock here moves the server's
    clock too (tick=True keeps it running between the jumps). Sessions and TOTP codes follow the same clock,
    so each role signs in again after a jump, as a real user would days later."""
    with time_machine.travel(_at(MONDAY, 9), tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(clock, transactional_db):
    load_reference_data()
    load_year_from_library(MONDAY.year)
    agency = AgencyFactory(name="北京市工程技术评审服务中心")
    committee = CommitteeFactory(
        name="北京市工程技术系列计算机技术专业中级评审委员会",
        agency=agency,
        series=Series.objects.get(code="engineering"),
    )
    plan = open_year(committee)  # the unit and agency windows stay open until 8 July
    FeeFactory(plan=plan, committee=committee, level=Level.INTERMEDIATE, amount=300)
    unit = OrganizationFactory(name="北京智汇数据科技有限公司", kind=OrgKind.UNIT)
    applicant = ApplicantFactory(username="zhangsan", real_name="张三")
    application = complete_application(applicant=applicant, plan=plan, committee=committee, unit=unit)
    hr = UserFactory(username="hr-zhihui", real_name="王人事", role=Role.UNIT_HR, organization=unit)
    reviewer = UserFactory(username="shenhe-gc", real_name="李审核", role=Role.AGENCY, organization=agency)
    for staff in (hr, reviewer):
        ensure_totp_secret(staff)
    return {"application": application, "applicant": applicant, "hr": hr, "reviewer": reviewer}


def _png(tmp_path, name):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 30, 200)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _sign_in(context: BrowserContext, base: str, account: str, user: User) -> Page:
    """A fresh page of the role's own browser, signed in (staff also type the authenticator's code)."""
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base + "/accounts/login/")
    page.get_by_label("账号").fill(account)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if user.role != Role.APPLICANT:
        expect(page.get_by_role("heading", name="动态口令验证")).to_be_visible()
        page.get_by_label("动态口令").fill(current_totp_code(User.objects.get(pk=user.pk)))
        page.get_by_role("button", name="验证并登录").click()
        expect(page.get_by_role("heading", name="动态口令验证")).to_have_count(0)
    return page


@pytest.fixture
def browsers(browser: Browser):
    """One browser context per role: the applicant, the unit HR and the agency reviewer never share cookies."""
    contexts = [browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai") for _ in range(3)]
    yield contexts
    for context in contexts:
        context.close()


def _messages(page: Page):
    """The flash messages after an action."""
    return page.get_by_role("status")


def test_application_goes_from_applicant_through_unit_and_agency_to_paid(browsers, live_server, world, clock, tmp_path):
    base = live_server.url
    application: Application = world["application"]
    hr: User = world["hr"]
    reviewer: User = world["reviewer"]
    applicant_browser, hr_browser, agency_browser = browsers

    # Monday 8 June: 张三 submits the application he has filled in.
    page = _sign_in(applicant_browser, base, ZHANG_SAN_ID, world["applicant"])
    page.goto(f"{base}/applications/{application.pk}/edit/submit/")
    page.get_by_label("本人承诺所填信息和上传材料真实、准确、完整", exact=False).check()
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator("#status")).to_have_text("待单位审核")

    # The unit HR finds it in the unit's queue and starts the five-working-day posting today.
    page = _sign_in(hr_browser, base, hr.username, hr)
    page.goto(base + "/unit-review/")
    row = page.get_by_role("row").filter(has_text="张三")
    expect(row).to_contain_text("待单位审核")
    row.get_by_role("link", name="审核").click()
    expect(page.get_by_role("heading", name=f"张三 · {application.number}")).to_be_visible()
    expect(page.locator(".ok-box")).to_contain_text("各项条件均已满足")
    page.get_by_label("公示开始日期").fill(MONDAY.isoformat())
    page.get_by_role("button", name="开始公示").click()
    expect(_messages(page)).to_contain_text("已开始公示：2026-06-08至2026-06-12")
    expect(page.get_by_text("单位公示中").first).to_be_visible()
    # While the posting runs the unit cannot recommend yet.
    page.get_by_label("单位推荐意见").fill("该同志业绩突出，同意推荐。")
    page.get_by_role("button", name="推荐上报").click()
    expect(page.locator(".errorlist")).to_contain_text("公示期满后方可推荐（公示至2026年6月12日）")

    # Monday 15 June, after the posting ended without objections: the HR recommends with an opinion.
    clock.move_to(_at(POSTING_ENDS + datetime.timedelta(days=3), 9))
    page = _sign_in(hr_browser, base, hr.username, hr)
    page.goto(f"{base}/unit-review/{application.pk}/")
    page.get_by_label("单位推荐意见").fill("该同志业绩突出，同意推荐。")
    page.get_by_role("button", name="推荐上报").click()
    expect(_messages(page)).to_contain_text("已推荐上报评审服务机构")
    expect(page.get_by_text("评审机构审核中").first).to_be_visible()

    # The agency reviewer sees it, with the unit's opinion and a masked ID number, and returns it once with
    # a notice of two items: one field and one kind of material.
    page = _sign_in(agency_browser, base, reviewer.username, reviewer)
    page.goto(base + "/agency-review/")
    page.get_by_role("link", name=application.number).click()
    expect(page.locator("#status")).to_have_text("评审机构审核中")
    expect(page.get_by_text("该同志业绩突出，同意推荐。")).to_be_visible()
    expect(page.get_by_text(ZHANG_SAN_ID)).to_have_count(0)
    page.locator("[name=items-0-target]").select_option(label="申报信息：现任职务/岗位")
    page.locator("[name=items-0-problem]").fill("职务填写不完整")
    page.locator("[name=items-0-requirement]").fill("按聘任文件填写完整职务")
    page.locator("[name=items-1-target]").select_option(label="材料：身份证件")
    page.locator("[name=items-1-problem]").fill("身份证件照片模糊")
    page.locator("[name=items-1-requirement]").fill("上传清晰的身份证正反面照片")
    page.get_by_role("button", name="一次性告知并退回补正").click()
    # Five working days from 15 June skip the Dragon Boat Festival on 19 June.
    expect(_messages(page)).to_contain_text("已一次性告知2项补正内容，补正截止2026年06月23日")
    expect(page.locator("#status")).to_have_text("待补正材料")

    # Tuesday 16 June: 张三 sees exactly the two items; only those parts are open.
    clock.move_to(_at(datetime.date(2026, 6, 16), 10))
    page = _sign_in(applicant_browser, base, ZHANG_SAN_ID, world["applicant"])
    page.goto(f"{base}/applications/{application.pk}/")
    expect(page.locator("#status")).to_have_text("待补正材料")
    page.get_by_role("link", name="查看补正告知").click()
    items = page.locator("table tbody tr")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("申报信息：现任职务/岗位")
    expect(items.nth(0)).to_contain_text("按聘任文件填写完整职务")
    expect(items.nth(1)).to_contain_text("材料：身份证件")
    expect(items.nth(1)).to_contain_text("身份证件照片模糊")
    expect(page.get_by_text("2026年6月23日")).to_be_visible()
    page.get_by_role("link", name="去补正").click()

    expect(page.get_by_text("补正期间只能修改补正告知中列出的内容")).to_be_visible()
    expect(page.get_by_label("现任职务/岗位")).to_be_enabled()
    expect(page.get_by_label("是否已离退休")).to_be_disabled()
    page.get_by_label("现任职务/岗位").fill("高级软件工程师（研发部副经理）")
    page.get_by_role("button", name="保存").click()
    expect(_messages(page)).to_contain_text("已保存")

    page.get_by_role("navigation", name="申报分步").get_by_role("link", name="工作经历").click()
    expect(page.get_by_role("button", name="添加")).to_have_count(0)
    page.get_by_role("navigation", name="申报分步").get_by_role("link", name="证明材料").click()
    expect(page.get_by_label("上传现有职称证书")).to_have_count(0)
    id_block = page.locator(".materials", has=page.get_by_role("heading", name="身份证件"))
    id_block.get_by_text("替换", exact=True).click()
    id_block.get_by_label("选择替换“id_document.png”的文件").set_input_files(str(_png(tmp_path, "id-clear.png")))
    id_block.get_by_role("button", name="上传并替换").click()
    expect(id_block.get_by_role("link", name="id-clear.png").first).to_be_visible()

    page.get_by_role("navigation", name="申报分步").get_by_role("link", name="下载文书与提交").click()
    page.get_by_label("本人承诺所填信息和上传材料真实、准确、完整", exact=False).check()
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator("#status")).to_have_text("待单位审核")
    expect(page.get_by_role("link", name="第2版")).to_be_visible()

    # Wednesday 17 June: the HR sees what changed and recommends again without a new posting.
    clock.move_to(_at(datetime.date(2026, 6, 17), 9))
    page = _sign_in(hr_browser, base, hr.username, hr)
    page.goto(f"{base}/unit-review/{application.pk}/")
    changes = page.locator("section", has=page.get_by_role("heading", name="第2版与第1版相比的变化"))
    expect(changes).to_contain_text("高级软件工程师（研发部副经理）")
    expect(changes).to_contain_text("id-clear.png")
    expect(page.get_by_role("heading", name="补正后再次推荐（不重新公示）")).to_be_visible()
    expect(page.get_by_text("未作实质性修改的，可直接再次推荐")).to_be_visible()
    page.get_by_label("单位推荐意见").fill("已按告知补正，内容属实，同意再次推荐。")
    page.get_by_role("button", name="推荐上报").click()
    expect(_messages(page)).to_contain_text("已推荐上报评审服务机构")

    # Thursday 18 June: the agency approves with a payment deadline.
    clock.move_to(_at(datetime.date(2026, 6, 18), 9))
    page = _sign_in(agency_browser, base, reviewer.username, reviewer)
    page.goto(f"{base}/agency-review/applications/{application.pk}/")
    expect(page.get_by_text("（补正后再次推荐）")).to_be_visible()
    page.get_by_label("缴费截止日期").fill("2026-06-30")
    page.get_by_role("button", name="审核通过并通知缴费").click()
    expect(_messages(page)).to_contain_text("审核通过，已通知申报人于2026年06月30日前缴纳评审费300")
    expect(page.locator("#status")).to_have_text("审核通过待缴费")

    # Monday 22 June: 张三 pays at the simulated cashier and sees 已缴费待评审.
    clock.move_to(_at(datetime.date(2026, 6, 22), 10))
    page = _sign_in(applicant_browser, base, ZHANG_SAN_ID, world["applicant"])
    page.goto(f"{base}/applications/{application.pk}/")
    expect(page.locator("#status")).to_have_text("审核通过待缴费")
    page.get_by_role("link", name="缴费").click()
    expect(page.locator("#amount")).to_contain_text("300")
    expect(page.get_by_text("2026年6月30日")).to_be_visible()
    page.get_by_role("button", name="网上缴费").click()
    expect(page.get_by_role("heading", name="收银台")).to_be_visible()
    page.get_by_role("button", name="确认支付").click()
    expect(_messages(page)).to_contain_text("已成功缴纳评审费300")
    expect(page.locator(".badge.paid")).to_have_text("已缴费待评审")
    expect(page.get_by_role("link", name="下载缴费凭证")).to_be_visible()

    application.refresh_from_db()
    assert application.status == Status.PAID
    assert application.versions.count() == 2
    assert CorrectionNotice.objects.get(application=application).items.count() == 2
    assert application.fee_notice.payments.get().status == PaymentStatus.PAID
    object_type, object_id = object_ref(application)
    events = AuditEvent.objects.filter(object_type=object_type, object_id=object_id).exclude(to_state="")
    moves = list(events.order_by("id").values_list("action", flat=True))
    assert moves == [
        "submit",
        "start_posting",
        "recommend",
        "request_correction",
        "submit",
        "recommend_again",
        "approve",
        "pay",
    ]
