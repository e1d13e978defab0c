import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from zhicheng.ballots.models import VoteResult
from zhicheng.verification import services
from zhicheng.verification.models import DetailsCode, Lookup

from .factories import certificate, evaluated_certificate, last_code, qr_url, revoke

pytestmark = pytest.mark.django_db
PHONE = "13922223333"
START = datetime.datetime(2025, 3, 4, 9, 0, tzinfo=datetime.UTC)


def looked_up(client, cert) -> None:
    response = client.post("/verify/", {"number": cert.number, "name": cert.holder_name})
    assert "查看详细信息" in response.content.decode()


def ask_code(client, phone: str = PHONE):
    return client.post("/verify/details/code/", {"phone": phone})


def enter(client, code: str):
    return client.post("/verify/details/", {"code": code})


def test_r91_the_sms_code_unlocks_committee_specialty_approval_date_and_masked_id(client):
    cert = evaluated_certificate()
    looked_up(client, cert)

    sent = ask_code(client)
    assert "验证码已发送至 139****3333" in sent.content.decode()
    response = enter(client, last_code(PHONE))

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert cert.committee_name in page
    assert "软件工程" in page
    assert "2024年12月10日" in page
    assert cert.masked_id_number in page
    assert "评审决定记录与证书一致" in page
    lookup = Lookup.objects.get()
    assert (lookup.verifier_phone, lookup.details_shown) == (PHONE, True)


def test_r91_a_changed_decision_record_no_longer_matches_the_certificate(client):
    cert = evaluated_certificate()
    VoteResult.objects.filter(entry__application=cert.application).update(approvals=3, disapprovals=2)
    looked_up(client, cert)
    ask_code(client)
    enter(client, last_code(PHONE))

    page = client.get("/verify/details/").content.decode()

    assert "评审决定记录与证书不一致" in page


def test_r92_details_of_a_revoked_certificate_show_it_revoked(client):
    cert = certificate()
    looked_up(client, cert)
    ask_code(client)
    revoke(cert, timezone.now())
    enter(client, last_code(PHONE))

    assert "已撤销（撤销日期：" in client.get("/verify/details/").content.decode()


def test_r91_a_wrong_code_is_refused_and_five_wrong_codes_lock_it(client):
    looked_up(client, certificate())
    ask_code(client)
    right = last_code(PHONE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    first = enter(client, wrong)
    assert first.status_code == 400
    assert "短信验证码不正确" in first.content.decode()
    for _ in range(services.MAX_WRONG_CODES - 1):
        enter(client, wrong)
    locked = enter(client, right)

    assert "短信验证码错误次数过多，请重新获取" in locked.content.decode()
    assert client.get("/verify/details/").status_code == 302
    assert not Lookup.objects.get().details_shown


def test_r91_a_code_expires_after_ten_minutes(client):
    with time_machine.travel(START, tick=False) as clock:
        looked_up(client, certificate())
        ask_code(client)
        clock.shift(datetime.timedelta(minutes=10, seconds=1))
        response = enter(client, last_code(PHONE))

    assert "短信验证码已失效，请重新获取" in response.content.decode()
    assert not Lookup.objects.get().details_shown


def test_r91_a_code_is_used_once_and_only_the_newest_code_counts(client):
    looked_up(client, certificate())
    ask_code(client)
    older = last_code(PHONE)
    ask_code(client)
    newer = last_code(PHONE)

    if older != newer:  # one chance in a million that they coincide
        assert "短信验证码不正确" in enter(client, older).content.decode()
    assert enter(client, newer).status_code == 302
    assert "短信验证码已失效" in enter(client, newer).content.decode()


def test_r91_five_codes_per_phone_a_day(client):
    cert = certificate()
    with time_machine.travel(START, tick=False):
        looked_up(client, cert)
        for _ in range(services.CODES_PER_PHONE_PER_DAY):
            assert ask_code(client).status_code == 200
        refused = ask_code(client)
        other_phone = ask_code(client, "13922224444")

    assert refused.status_code == 429
    assert "该手机号码今日获取验证码已达5次" in refused.content.decode()
    assert other_phone.status_code == 200
    assert DetailsCode.objects.count() == 6


def test_r91_a_bad_phone_number_is_refused_and_nothing_is_sent(client):
    looked_up(client, certificate())

    response = ask_code(client, "1392222")

    assert response.status_code == 400
    assert "请填写11位中国大陆手机号码" in response.content.decode()
    assert not DetailsCode.objects.exists()
    assert Lookup.objects.get().verifier_phone == ""


def test_r91_details_need_a_prior_successful_lookup_in_this_session(client):
    cert = certificate()

    without = client.post("/verify/details/code/", {"phone": PHONE, "certificate": cert.pk})

    assert without.status_code == 400
    assert "请先查询证书" in without.content.decode()
    assert not DetailsCode.objects.exists()


def test_r91_a_failed_lookup_forgets_the_previous_one(client):
    cert = certificate()
    looked_up(client, cert)
    client.post("/verify/", {"number": cert.number, "name": "李四"})

    assert ask_code(client).status_code == 400
    assert not DetailsCode.objects.exists()


def test_r91_a_lookup_by_qr_also_opens_the_details_step(client):
    cert = certificate()
    client.get(qr_url(cert))

    assert ask_code(client).status_code == 200


def test_r91_the_details_step_closes_thirty_minutes_after_the_lookup(client):
    with time_machine.travel(START, tick=False) as clock:
        looked_up(client, certificate())
        clock.shift(services.DETAILS_WINDOW + datetime.timedelta(seconds=1))
        response = ask_code(client)

    assert response.status_code == 400
    assert "超时请重新查验" in response.content.decode()


def test_r91_another_browser_cannot_reuse_the_lookup(client):
    looked_up(client, certificate())
    ask_code(client)

    stranger = Client()
    assert stranger.post("/verify/details/", {"code": last_code(PHONE)}).status_code == 400
    assert not Lookup.objects.get().details_shown
