import datetime

import pytest
import time_machine

from zhicheng.verification import services
from zhicheng.verification.models import Lookup

from .factories import certificate, qr_url

pytestmark = pytest.mark.django_db
START = datetime.datetime(2025, 3, 4, 9, 0, tzinfo=datetime.UTC)


def test_r91_twenty_lookups_an_hour_per_requester_then_a_chinese_refusal(client):
    cert = certificate()
    with time_machine.travel(START, tick=False):
        for _ in range(services.LOOKUPS_PER_REQUESTER_PER_HOUR - 1):
            services.lookup_by_number(cert.number, "李四", requester="127.0.0.1")
        assert client.get(qr_url(cert)).status_code == 200

        by_number = client.post("/verify/", {"number": cert.number, "name": "张三"})
        by_qr = client.get(qr_url(cert))
        elsewhere = client.post("/verify/", {"number": cert.number, "name": "张三"}, REMOTE_ADDR="10.0.0.9")

    assert by_number.status_code == by_qr.status_code == 429
    assert "查验过于频繁：每小时最多查验20次" in by_number.content.decode()
    assert "查验过于频繁" in by_qr.content.decode()
    assert "有效" in elsewhere.content.decode()
    assert Lookup.objects.count() == 21
    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        later = client.post("/verify/", {"number": cert.number, "name": "张三"})
    assert "有效" in later.content.decode()


def test_r91_citizens_behind_the_proxy_have_their_own_limits_and_a_forged_header_does_not_help(client, settings):
    settings.TRUSTED_PROXIES = 1
    cert = certificate()

    def look_up(forwarded):
        data = {"number": cert.number, "name": "张三"}
        return client.post("/verify/", data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    with time_machine.travel(START, tick=False):
        answers = [look_up("198.51.100.7").status_code for _ in range(services.LOOKUPS_PER_REQUESTER_PER_HOUR)]
        refused = look_up("198.51.100.7")
        forged = look_up("192.0.2.1, 198.51.100.7")
        other_citizen = look_up("203.0.113.10")

    assert set(answers) == {200}
    assert refused.status_code == forged.status_code == 429
    assert "请在 60 分钟后再试" in refused.content.decode()
    assert other_citizen.status_code == 200
