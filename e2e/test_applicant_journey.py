"""A new person registers, fills in an application with uploads, fixes what the eligibility check names,
downloads the information form, submits and sees the status."""

import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from zhicheng.accounts.models import Organization, OrgKind, Ownership, User
from zhicheng.applications.models import Application, Status
from zhicheng.catalog.models import Committee, District, Series, Tier
from zhicheng.catalog.seed import load_reference_data
from zhicheng.catalog.tests.factories import open_year
from zhicheng.notifications.models import SmsMessage
from zhicheng.workdays.services import load_year_from_library

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_ID = "110108198512120013"
PASSWORD = "Zc-Browser-2026!"


def _png(tmp_path, name):
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def year(db):
    load_reference_data()
    load_year_from_library(timezone.localdate().year)
    agency = Organization.objects.create(kind=OrgKind.AGENCY, name="北京市工程技术评审服务中心")
    committee = Committee.objects.create(
        name="北京市工程技术系列计算机技术专业中级评审委员会",
        agency=agency,
        series=Series.objects.get(code="engineering"),
        tier=Tier.INTERMEDIATE,
        filed_on=timezone.localdate().replace(month=1, day=1),
        expires_on=timezone.localdate().replace(day=1).replace(year=timezone.localdate().year + 2),
    )
    Organization.objects.create(
        kind=OrgKind.UNIT,
        name="北京智汇数据科技有限公司",
        ownership=Ownership.PRIVATE,
        district=District.objects.get(name="海淀区"),
    )
    return open_year(committee)


def _section(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="申报分步").get_by_role("link", name=name).click()


def _upload(page: Page, kind_label: str, path) -> None:
    block = page.locator(".materials", has=page.get_by_role("heading", name=kind_label))
    block.get_by_label(f"上传{kind_label}").set_input_files(str(path))
    block.get_by_role("button", name="上传", exact=True).click()
    expect(block.get_by_role("link", name=path.name).first).to_be_visible()


def test_new_person_goes_from_registration_to_a_submitted_application(page: Page, live_server, year, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + "/")

    # Register with real name, ID and a phone confirmed by SMS code.
    page.get_by_role("link", name="申报人实名注册").first.click()
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("证件号码").fill(NEW_ID)
    page.get_by_label("手机号码").fill("13700001234")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.locator("#sms-status")).to_contain_text("已发送")
    code = SmsMessage.objects.filter(template_id="verify_code").latest("id").params["code"]
    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("确认密码").fill(PASSWORD)
    page.get_by_role("button", name="注册").click()
    expect(page.get_by_role("heading", name="我的申报")).to_be_visible()

    # Choose the committee and level.
    page.get_by_role("link", name="我要申报").click()
    with page.expect_response(lambda response: "unit=" in response.url):  # the committee list follows the unit
        page.get_by_label("工作单位（参保单位）").select_option(label="北京智汇数据科技有限公司")
    page.get_by_label("评审委员会").select_option(label="北京市工程技术系列计算机技术专业中级评审委员会")
    page.get_by_label("申报级别").select_option(label="中级")
    page.get_by_role("button", name="创建申报").click()
    expect(page.locator(".problems")).to_contain_text("项申报条件未满足")

    # The live check reacts while typing: declaring a civil servant shows R-11 before saving.
    page.get_by_label("是否为公务员（参公管理人员）").check()
    expect(page.locator("#eligibility")).to_contain_text("公务员")
    page.get_by_label("是否为公务员（参公管理人员）").uncheck()
    page.get_by_label("现任职务/岗位").fill("软件工程师")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")

    _section(page, "2. 职称与学历")
    page.get_by_label("现有职称或资格").select_option(label="现有职称")
    page.get_by_label("现有职称系列").select_option(label="工程技术")
    page.get_by_label("现有职称级别").select_option(label="助理级")
    page.get_by_label("取得时间", exact=True).fill("2019-07-01")
    page.get_by_label("证书编号", exact=True).fill("BJ2019-00456")
    page.get_by_label("最高学历").select_option(label="大学本科")
    page.get_by_label("毕业院校").fill("北京邮电大学")
    page.get_by_label("所学专业").fill("计算机科学与技术")
    page.get_by_label("毕业时间").fill("2010-07-01")
    page.get_by_label("学历证书编号").fill("100131201005009999")
    page.get_by_role("button", name="保存").click()
    # The education records cannot confirm this diploma, so the certificate becomes required.
    expect(page.locator("#education-check")).to_contain_text("未能核验")
    expect(page.locator("#eligibility")).to_contain_text("学历")

    _section(page, "3. 工作经历")
    page.get_by_label("起始时间", exact=True).fill("2010-07-01")
    page.get_by_label("工作单位", exact=True).fill("北京智汇数据科技有限公司")
    page.get_by_label("职务/岗位", exact=True).fill("软件工程师")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_role("cell", name="北京智汇数据科技有限公司")).to_be_visible()

    _section(page, "4. 业绩成果")
    page.get_by_label("类别", exact=True).select_option(label="论文")
    page.get_by_label("名称", exact=True).fill("政务数据共享平台的高可用设计")
    page.get_by_label("时间", exact=True).fill("2022-03-01")
    page.get_by_label("本人排名").fill("1")
    page.get_by_label("刊物名称").fill("计算机工程与应用")
    page.get_by_label("刊号（ISSN/CN）").fill("ISSN 1002-8331")
    page.get_by_role("button", name="添加").click()
    _upload(page, "业绩成果证明", _png(tmp_path, "paper.png"))

    _section(page, "5. 特殊申报与工作总结")
    page.get_by_label("专业技术工作总结").fill("负责政务数据共享平台的架构设计与实施。")
    page.get_by_role("button", name="保存").click()

    _section(page, "6. 证明材料")
    _upload(page, "身份证件", _png(tmp_path, "id.png"))
    _upload(page, "学历学位证书", _png(tmp_path, "diploma.png"))
    _upload(page, "现有职称证书", _png(tmp_path, "title.png"))

    _section(page, "7. 下载文书与提交")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载职称申报信息表（PDF）").click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    expect(page.locator("#eligibility")).to_contain_text("诚信承诺书")
    _upload(page, "本人签字的诚信承诺书", _png(tmp_path, "pledge.png"))
    expect(page.locator("#eligibility")).to_contain_text("申报条件均已满足")

    page.get_by_label("本人承诺所填信息和上传材料真实、准确、完整", exact=False).check()
    page.get_by_role("button", name="提交申报").click()

    expect(page.locator("#status")).to_have_text("待单位审核")
    expect(page.get_by_role("cell", name="提交申报")).to_be_visible()
    application = Application.objects.get(applicant=User.objects.get(real_name="王小明"))
    assert application.status == Status.SUBMITTED
    assert application.versions.count() == 1
