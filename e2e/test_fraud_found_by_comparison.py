"""Fraud found by comparison (R-104, R-25, R-14): two applicants claim the same patent, the agency sees the finding
and concludes fraud, the bureau cancels 张三's application for it, and his application the next year is refused
with the archive's reason and the last day of the record."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Browser, BrowserContext, Page, expect

from zhicheng.accounts.models import OrgKind, Role, User
from zhicheng.accounts.services import current_totp_code, ensure_totp_secret
from zhicheng.accounts.tests.factories import (
    LI_SI_ID,
    ZHANG_SAN_ID,
    AgencyFactory,
    ApplicantFactory,
    OrganizationFactory,
    UserFactory,
)
from zhicheng.agency_review.tests.fixtures import to_agency_review
from zhicheng.applications.models import AchievementKind, Application, Status
from zhicheng.applications.tests.factories import AchievementFactory, attach, complete_application
from zhicheng.catalog.models import Series
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import CommitteeFactory, open_year
from zhicheng.comparison.tasks import check_submitted_application
from zhicheng.integrity.models import IntegrityRecord
from zhicheng.materials.models import AttachmentKind
from zhicheng.workdays.services import load_year_from_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
PASSWORD = "Zc-test-2024!"  # the factories' password
# Both years within the official calendar data the migrations load (2024–2026).
DAY = datetime.date(2025, 7, 14)
NEXT_YEAR = datetime.date(2026, 7, 13)


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime.combine(DAY, datetime.time(9), BEIJING), tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(clock, transactional_db):
    load_reference_data()
    load_year_from_library(DAY.year)
    agency = AgencyFactory(name="北京市工程技术评审服务中心")
    committee = CommitteeFactory(
        name="北京市工程技术系列计算机技术专业中级评审委员会",
        agency=agency,
        series=Series.objects.get(code="engineering"),
    )
    plan = open_year(committee)
    applications = []
    for name, identity, phone in (("张三", ZHANG_SAN_ID, "13800001111"), ("李四", LI_SI_ID, "13900001111")):
        person = ApplicantFactory(username=f"u{phone}", real_name=name, identity=identity, identity__phone=phone)
        unit = OrganizationFactory(name=f"{name}所在的科技有限公司", kind=OrgKind.UNIT)
        application = complete_application(applicant=person, plan=plan, committee=committee, unit=unit)
        patent = AchievementFactory(
            application=application,
            kind=AchievementKind.PATENT,
            title="一种桥梁索力监测装置",
            patent_number="ZL202110000001.X" if name == "张三" else "ZL 2021 1 0000001.X",
            patent_type="invention",
            journal="",
            journal_number="",
        )
        attach(application, AttachmentKind.ACHIEVEMENT, achievement=patent)
        applications.append(to_agency_review(application))
    for application in applications:  # what the worker does with the checks queued at submission
        check_submitted_application.call(application.pk)
    reviewer = UserFactory(username="shenhe-gc", real_name="李审核", role=Role.AGENCY, organization=agency)
    officer = UserFactory(username="shiju", real_name="市局王科长", role=Role.BUREAU)
    for staff in (reviewer, officer):
        ensure_totp_secret(staff)
    return {"zhang_san": applications[0], "li_si": applications[1], "reviewer": reviewer, "officer": officer}


def _sign_in(context: BrowserContext, base: str, account: str, user: User) -> Page:
    page = context.new_page()
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
    contexts = [browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai") for _ in range(3)]
    yield contexts
    for context in contexts:
        context.close()


def test_same_patent_is_found_the_bureau_cancels_and_next_year_is_refused(browsers, live_server, world, clock):
    base = live_server.url
    mine: Application = world["zhang_san"]
    theirs: Application = world["li_si"]
    agency_browser, bureau_browser, applicant_browser = browsers

    # The agency opens 张三's application and sees the patent 李四 also claims.
    page = _sign_in(agency_browser, base, "shenhe-gc", world["reviewer"])
    page.goto(f"{base}/agency-review/applications/{mine.pk}/")
    row = page.get_by_role("row").filter(has_text="同一成果编号").filter(has_text="一种桥梁索力监测装置")
    expect(row).to_contain_text("ZL202110000001.X")
    expect(row).to_contain_text(theirs.number)
    row.get_by_label("认定弄虚作假").check()
    row.get_by_label("核查说明").fill("专利权人为李四，张三非发明人")
    row.get_by_role("button", name="提交核查结论").click()
    expect(page.get_by_role("status")).to_contain_text("取消申报资格的建议已报市人社局")

    # The bureau decides with its decision number.
    page = _sign_in(bureau_browser, base, "shiju", world["officer"])
    page.goto(f"{base}/integrity/")
    page.get_by_role("link", name=f"{mine.plan.year}年度 {mine.number}").click()
    expect(page.get_by_text("专利权人为李四，张三非发明人")).to_be_visible()
    page.get_by_label("取消申报资格并记入诚信档案").check()
    page.get_by_label("处理决定文号").fill("京人社职称〔2025〕9号")
    page.get_by_role("button", name="提交决定").click()
    expect(page.get_by_role("status")).to_contain_text("已取消申报资格")
    assert Application.objects.get(pk=mine.pk).status == Status.CANCELLED
    record = IntegrityRecord.objects.get()

    # A year later 张三 applies again and is told why he cannot, and until when.
    clock.move_to(datetime.datetime.combine(NEXT_YEAR, datetime.time(9), BEIJING))
    load_year_from_library(NEXT_YEAR.year)
    next_plan = open_year(mine.committee)
    again = complete_application(applicant=mine.applicant, plan=next_plan, committee=mine.committee, unit=mine.unit)
    page = _sign_in(applicant_browser, base, ZHANG_SAN_ID, mine.applicant)
    page.goto(f"{base}/applications/{again.pk}/edit/basic/")
    refusal = page.locator('[data-rule="R-14"]')
    last_day = record.expires_on - datetime.timedelta(days=1)
    expect(refusal).to_contain_text("专利权人为李四，张三非发明人")
    expect(refusal).to_contain_text(f"记录期至{last_day.year}年{last_day.month}月{last_day.day}日")
