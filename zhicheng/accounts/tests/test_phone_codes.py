"""Registration codes: hashed, one a minute, ten a day per phone."""

import datetime

import pytest
import time_machine

from zhicheng.accounts.models import PhoneVerification
from zhicheng.accounts.verification import VerificationError, send_phone_code
from zhicheng.notifications.models import SmsMessage

START = datetime.datetime(2024, 7, 2, 0, 30, tzinfo=datetime.UTC)  # 08:30 in Beijing
CLIENT = "203.0.113.5"


def test_code_is_stored_only_as_a_hash_and_sent_through_the_outbox(db):
    verification = send_phone_code("13911112222", client=CLIENT)
    message = SmsMessage.objects.get()
    code = message.params["code"]
    assert len(code) == 6
    assert code.isdigit()
    assert code not in verification.code_hash
    assert message.phone == "13911112222"
    assert (message.object_type, message.object_id) == ("accounts.phoneverification", str(verification.pk))


def test_one_code_a_minute(db):
    with time_machine.travel(START, tick=False) as traveller:
        send_phone_code("13911112222", client=CLIENT)
        with pytest.raises(VerificationError, match="验证码发送过于频繁，请1分钟后再试"):
            send_phone_code("139 1111 2222", client=CLIENT)
        send_phone_code("13911113333", client=CLIENT)  # another phone is not affected
        traveller.shift(datetime.timedelta(seconds=61))
        send_phone_code("13911112222", client=CLIENT)
    assert PhoneVerification.objects.count() == 3


def test_ten_codes_a_day(db):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(10):
            send_phone_code("13911112222", client=CLIENT)
            traveller.shift(datetime.timedelta(minutes=2))
        with pytest.raises(VerificationError, match="今日获取验证码次数已达上限"):
            send_phone_code("13911112222", client=CLIENT)
        traveller.move_to(datetime.datetime(2024, 7, 2, 16, 1, tzinfo=datetime.UTC))  # 00:01 next day in Beijing
        send_phone_code("13911112222", client=CLIENT)
    assert SmsMessage.objects.count() == 11
