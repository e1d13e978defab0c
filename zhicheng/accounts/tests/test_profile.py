"""我的账户 shows the owner's own full ID number and phone; everything else is masked."""

from django.urls import reverse

from zhicheng.accounts.tests.factories import ZHANG_SAN_ID


def test_owner_sees_full_id_number_and_phone(client, zhang_san):
    client.force_login(zhang_san)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert ZHANG_SAN_ID in page
    assert "13812345678" in page
    assert "张三" in page


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.url == reverse("accounts:login") + "?next=" + reverse("accounts:profile")


def test_masked_values_for_every_other_page(zhang_san):
    assert zhang_san.masked_id_number == "110105********002X"
    assert zhang_san.masked_phone == "138****5678"
