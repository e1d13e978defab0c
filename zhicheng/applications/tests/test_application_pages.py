import pytest
from django.urls import reverse

from zhicheng.applications.models import Application, Status
from zhicheng.applications.tests.factories import ApplicationFactory, complete_application


@pytest.fixture
def application(zhang_san, plan, committee):
    return complete_application(applicant=zhang_san, plan=plan, committee=committee)


def test_mine_lists_the_status_holder_and_deadline(client, zhang_san, application):
    client.force_login(zhang_san)

    page = client.get(reverse("applications:mine")).content.decode()

    assert application.number in page
    assert "填写中" in page
    assert "申报人" in page


def test_start_page_creates_an_application(client, zhang_san, plan, committee):
    client.force_login(zhang_san)

    response = client.post(reverse("applications:start"), {"committee": committee.pk, "level": "intermediate"})

    application = Application.objects.get(applicant=zhang_san)
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:edit", args=[application.pk, "basic"])


def test_every_section_renders_for_the_owner(client, zhang_san, application):
    client.force_login(zhang_san)

    for section in ["basic", "title", "work", "achievements", "special", "materials", "submit"]:
        response = client.get(reverse("applications:edit", args=[application.pk, section]))
        assert response.status_code == 200, section


def test_another_applicants_application_is_not_found(client, li_si, application):
    client.force_login(li_si)

    for url in [
        reverse("applications:detail", args=[application.pk]),
        reverse("applications:edit", args=[application.pk, "basic"]),
    ]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("applications:submit", args=[application.pk]), {"confirm": "yes"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_markup_in_a_text_field_is_shown_escaped(client, zhang_san, application):
    client.force_login(zhang_san)
    client.post(
        reverse("applications:edit", args=[application.pk, "special"]),
        {"work_summary": "<script>alert(1)</script>", "exceptional_reason": "", "exam_certificate_number": ""},
    )

    page = client.get(reverse("applications:edit", args=[application.pk, "special"])).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_live_eligibility_check_saves_nothing(client, zhang_san, application):
    client.force_login(zhang_san)
    data = {"gender": "女", "employment_type": "unit_staff", "is_civil_servant": "on", "position": "工程师"}

    response = client.post(reverse("applications:eligibility", args=[application.pk, "basic"]), data)

    assert "公务员" in response.content.decode()
    application.refresh_from_db()
    assert application.is_civil_servant is False


def test_submit_page_submits_and_shows_the_status(client, zhang_san, application):
    client.force_login(zhang_san)

    response = client.post(reverse("applications:submit", args=[application.pk]), {"confirm": "yes"}, follow=True)

    assert "待单位审核" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_submit_without_confirmation_changes_nothing(client, zhang_san, application):
    client.force_login(zhang_san)

    client.post(reverse("applications:submit", args=[application.pk]))

    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_incomplete_submission_shows_chinese_messages(client, zhang_san, plan, committee):
    application = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee)
    client.force_login(zhang_san)

    response = client.post(reverse("applications:submit", args=[application.pk]), {"confirm": "yes"}, follow=True)

    assert "项申报条件未满足" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_pages_require_login(client, application):
    response = client.get(reverse("applications:mine"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_junior_engineering_committee_is_offered_only_for_the_units_district(client, zhang_san, plan):
    from zhicheng.accounts.tests.factories import OrganizationFactory
    from zhicheng.catalog.models import Tier
    from zhicheng.catalog.tests.factories import CommitteeFactory, DistrictFactory

    chaoyang = DistrictFactory(code="110105", name="朝阳区")
    haidian = DistrictFactory(code="110108", name="海淀区")
    junior = {
        d.name: CommitteeFactory(name=f"{d.name}工程技术系列初级评委会", tier=Tier.JUNIOR, district=d)
        for d in (chaoyang, haidian)
    }
    plan.committees.add(*junior.values())
    unit = OrganizationFactory(name="北京朝阳测试有限公司", district=chaoyang)
    client.force_login(zhang_san)

    page = client.get(reverse("applications:start"), {"unit": unit.pk}).content.decode()

    assert "朝阳区工程技术系列初级评委会" in page
    assert "海淀区工程技术系列初级评委会" not in page
    response = client.post(
        reverse("applications:start"),
        {"unit": unit.pk, "committee": junior["海淀区"].pk, "level": "assistant"},
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_reviewers_see_only_applications_in_their_scope(zhang_san, li_si, plan, committee):
    from zhicheng.accounts.models import Role
    from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
    from zhicheng.applications.selectors import list_applications_for

    mine = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee, status=Status.SUBMITTED)
    other_unit = ApplicationFactory(applicant=li_si, plan=plan, committee=committee, status=Status.AGENCY_REVIEW)
    hr = UserFactory(role=Role.UNIT_HR, organization=mine.unit)
    agency = UserFactory(role=Role.AGENCY, organization=committee.agency)
    stranger_agency = UserFactory(role=Role.AGENCY, organization=OrganizationFactory(name="另一评审机构"))

    assert list(list_applications_for(hr)) == [mine]
    assert list(list_applications_for(agency)) == [other_unit]
    assert not list_applications_for(stranger_agency).exists()


def test_unit_hr_never_sees_their_own_application(zhang_san, plan, committee):
    from zhicheng.accounts.models import Role
    from zhicheng.applications.selectors import list_applications_for

    application = ApplicationFactory(applicant=zhang_san, plan=plan, committee=committee, status=Status.SUBMITTED)
    zhang_san.role = Role.UNIT_HR
    zhang_san.organization = application.unit
    zhang_san.save()

    assert not list_applications_for(zhang_san).exists()
