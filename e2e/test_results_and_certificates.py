"""From a reported session to a verified certificate in the browser: the bureau accepts the results and posts them,
the public reads the posting and files a complaint, the bureau finds it unfounded and confirms the results after
the five working days, issues the certificates, the applicant downloads theirs and a verifier checks it by number
and by the QR code's payload (R-80…R-83, R-90, R-91)."""

import datetime
import re
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from playwright.sync_api import Browser, BrowserContext, Page, expect

from zhicheng.acceptance.tests.factories import applications, reported
from zhicheng.accounts.models import Role, User
from zhicheng.accounts.services import current_totp_code, ensure_totp_secret
from zhicheng.accounts.tests.factories import UserFactory
from zhicheng.applications.models import Status
from zhicheng.certificates.models import Certificate, IssueBatch
from zhicheng.certificates.tasks import issue_batch
from zhicheng.postings.models import Complaint
from zhicheng.workdays.services import load_year_from_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BEIJING = ZoneInfo("Asia/Shanghai")
PASSWORD = "Zc-test-2024!"  # the factories' password
# A Monday without holidays around it: the five-working-day posting runs 8–12 June 2026.
MONDAY = datetime.date(2026, 6, 8)
AFTER_POSTING = datetime.date(2026, 6, 15)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), BEIJING)


@pytest.fixture
def clock():
    """A moving clock from MONDAY 9:00 in Beijing; the live server runs in this process and follows it."""
    with time_machine.travel(_at(MONDAY, 9), tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(clock, transactional_db):
    load_year_from_library(MONDAY.year)
    session = reported(experts=5, applications=2)
    first, second = applications(session)
    bureau = UserFactory(username="sj-jieguo", real_name="钱市局", role=Role.BUREAU)
    ensure_totp_secret(bureau)
    return {"session": session, "first": first, "second": second, "bureau": bureau}


def _sign_in(context: BrowserContext, base: str, user: User) -> Page:
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(base + "/accounts/login/")
    page.get_by_label("账号").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    if user.role != Role.APPLICANT:
        expect(page.get_by_role("heading", name="动态口令验证")).to_be_visible()
        page.get_by_label("动态口令").fill(current_totp_code(User.objects.get(pk=user.pk)))
        page.get_by_role("button", name="验证并登录").click()
        expect(page.get_by_role("heading", name="动态口令验证")).to_have_count(0)
    return page


def _run_batch_task() -> None:
    """What the worker does with the queued batch, in its own thread: pyHanko signs through asyncio, and this
    thread runs Playwright's loop (the real worker is a separate process, whose signal handlers need a main thread)."""
    batch = IssueBatch.objects.get()

    def work() -> None:
        issue_batch.call(batch.pk)
        connection.close()  # the thread's own connection, so that the test database can be dropped

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


@pytest.fixture
def contexts(browser: Browser):
    made: list[BrowserContext] = []

    def new() -> BrowserContext:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True)
        made.append(context)
        return context

    yield new
    for context in made:
        context.close()


def test_a_year_goes_from_an_accepted_session_to_a_verified_certificate(world, live_server, contexts, clock):
    base = live_server.url
    session, first, second = world["session"], world["first"], world["second"]

    # The bureau checks the reported session against its record and accepts it.
    bureau_context = contexts()
    bureau = _sign_in(bureau_context, base, world["bureau"])
    bureau.get_by_role("link", name="评审结果验收").click()
    bureau.get_by_role("link", name=session.name).click()
    bureau.get_by_role("button", name="运行检查").click()
    bureau.get_by_label("我已核对检查结果和评审结果，确认验收通过").check()
    bureau.get_by_role("button", name="验收通过").click()
    expect(bureau.get_by_role("status")).to_contain_text("验收")

    # It posts the results from today, Monday, for five working days.
    bureau.get_by_role("link", name="结果公示与备案").click()
    bureau.get_by_role("button", name="发布公示").click()
    expect(bureau.get_by_text("2026年6月12日").first).to_be_visible()

    # Anyone reads the posting without logging in, and files a complaint about the first applicant.
    public = contexts().new_page()
    public.goto(base + "/")
    public.get_by_role("link", name="评审结果公示").first.click()
    public.get_by_role("row").filter(has_text=session.committee.name).get_by_role("link", name="查看名单").click()
    row = public.get_by_role("row").filter(has_text=first.applicant.real_name)
    expect(row).to_be_visible()
    expect(public.locator("main")).not_to_contain_text(first.applicant.id_number)
    row.get_by_role("link", name="投诉举报").click()
    public.get_by_label("联系人姓名").fill("赵群众")
    public.get_by_label("联系电话（手机）").fill("13700001234")
    public.get_by_label("投诉举报内容").fill("反映该申报人业绩材料与实际不符，请予核查。")
    public.get_by_role("button", name="提交投诉举报").click()
    expect(public.get_by_role("heading", name="投诉举报已提交")).to_be_visible()
    assert Complaint.objects.get().status == "open"

    # The bureau re-checks and records the complaint as unfounded.
    bureau.get_by_role("link", name="投诉举报办理").first.click()
    bureau.get_by_label("核查结论").fill("经核查，业绩材料与单位出具的证明一致，反映情况不属实。")
    bureau.get_by_role("button", name="办结").click()
    expect(bureau.get_by_role("status")).to_be_visible()
    assert Complaint.objects.get().status == "unfounded"

    # After the posting (8–12 June) the bureau confirms and files both results.
    clock.move_to(_at(AFTER_POSTING, 9))
    bureau = _sign_in(bureau_context, base, world["bureau"])
    bureau.get_by_role("link", name="结果公示与备案").click()
    bureau.get_by_role("link", name="详情与确认备案").click()
    bureau.get_by_role("button", name="公示期满，确认备案").click()
    for application in (first, second):
        application.refresh_from_db()
        assert application.status == Status.CONFIRMED

    # The bureau issues the year's certificates in a batch; the background worker makes and signs them.
    bureau.get_by_role("link", name="电子证书制发").click()
    bureau.get_by_label("我已核对确认备案名单", exact=False).check()
    bureau.get_by_role("button", name="发起制发").click()
    expect(bureau.locator("#batch-progress")).to_contain_text("/ 2 份")
    _run_batch_task()
    expect(bureau.locator("#batch-progress")).to_contain_text("已制发 2 / 2 份", timeout=15000)
    certificate = Certificate.objects.get(application=first)

    # The applicant downloads theirs under 本人证书查询.
    applicant = _sign_in(contexts(), base, first.applicant)
    applicant.get_by_role("link", name="本人证书查询").click()
    expect(applicant.get_by_text(certificate.number)).to_be_visible()
    with applicant.expect_download() as download:
        applicant.get_by_role("link", name="下载电子职称证书").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")

    # A verifier checks it by number and name, and by the payload the QR code carries.
    verifier = contexts().new_page()
    verifier.goto(base + "/")
    verifier.get_by_role("link", name="证书查验").first.click()
    verifier.get_by_label("证书编号").fill(certificate.number)
    verifier.get_by_label("持证人姓名").fill(first.applicant.real_name)
    verifier.get_by_role("button", name="查验").click()
    expect(verifier.get_by_role("heading", name=re.compile("查验结果"))).to_contain_text("有效")
    verifier.goto(f"{base}/verify/qr/?p={certificate.qr_payload}")
    expect(verifier.get_by_role("heading", name=re.compile("查验结果"))).to_contain_text("有效")
    # The holder sees both lookups.
    applicant.goto(base + "/verify/mine/")
    expect(applicant.locator("main")).to_contain_text(certificate.number)
