def test_posting_notice_is_also_served_by_the_api_to_the_unit_only(client, application, hr):
    from zhicheng.accounts.models import Role
    from zhicheng.accounts.tests.factories import OrganizationFactory, UserFactory
    from zhicheng.unit_review.tests.helpers import posted

    posting = posted(application, hr)
    url = f"/api/v1/unit-review/applications/{application.pk}/postings/{posting.pk}/notice"
    client.force_login(hr)

    response = client.get(url)

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    client.force_login(UserFactory(role=Role.UNIT_HR, organization=OrganizationFactory(name="别的单位")))
    assert client.get(url).status_code == 404
