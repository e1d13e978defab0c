"""One journey over HTTPS through the production stack (nginx → two gunicorn processes, two task workers,
PostgreSQL, moto_server S3, the 支付宝 sandbox): register, upload, submit, unit and agency approve, pay at the
sandbox gateway, evaluation, a certificate batch run by the workers, download and verification. Then what an
operator must be able to rely on: files only in the bucket, per-citizen limits behind the proxy, headers, check."""

import datetime
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
import requests
from PIL import Image
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from stack.conftest import ROOT, Client, drive
from zhicheng.accounts.identity import check_digit

pytestmark = pytest.mark.stack

FACTS: dict[str, object] = {}  # what the journey produced, for the checks after it
PASSWORD = "Zc-Stack-2026!"


def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _new_identity() -> tuple[str, str]:
    rng = random.SystemRandom()
    first17 = f"110108{rng.randint(1980, 1990)}0{rng.randint(1, 9)}1{rng.randint(0, 8)}{rng.randint(100, 999)}"
    return first17 + check_digit(first17), f"137{rng.randrange(10**8):08d}"


def _sms_code(stack_dir: Path, phone: str) -> str:
    """The code as it reaches the phone: the stack's SMS stand-in (sms-log) writes it to a worker's log."""
    pattern = re.compile(re.escape(phone[:3] + "****" + phone[-4:]) + r"：【[^】]*】您的验证码为(\d{6})")
    for _ in range(150):
        for log in stack_dir.glob("worker*.log"):
            found = pattern.findall(log.read_text(errors="replace"))
            if found:
                return found[-1]
        time.sleep(0.2)
    raise AssertionError("no verification SMS in the workers' logs")


def _ok(response: requests.Response, status: int = 200) -> dict:
    assert response.status_code == status, f"{response.request.method} {response.url}: {response.text[:2000]}"
    return response.json() if response.content else {}


def _staff(username: str, password: str) -> Client:
    client = Client()
    answer = _ok(client.post("/api/v1/accounts/login", json={"identifier": username, "password": password}))
    assert answer["second_factor_required"]
    _ok(client.post("/api/v1/accounts/login/totp", json={"code": drive("totp", username)}))
    return client


def _fill_in(applicant: Client, application_id: int, plan: dict, level: str) -> None:
    held = {"intermediate": "assistant", "senior_deputy": "intermediate", "senior_full": "senior_deputy"}[level]
    base = f"/api/v1/applications/{application_id}"
    _ok(
        applicant.send(
            "PATCH",
            base,
            json={
                "gender": "男",
                "employment_type": "unit_staff",
                "position": "软件工程师",
                "beijing_work_since": "2008-07-01",
                "basis": "title",
                "current_series": plan["series_id"],
                "current_level": held,
                "current_obtained_on": "2014-07-01",
                "current_certificate_number": "BJ2014-00456",
                "education": "bachelor",
                "degree": "学士",
                "school": "北京邮电大学",
                "major": "计算机科学与技术",
                "graduated_on": "2008-07-01",
                "diploma_number": "100131200805009999",
                "work_summary": "负责政务数据共享平台的架构设计与实施，主持完成多个市级信息化项目。",
            },
        )
    )
    _ok(
        applicant.post(
            f"{base}/work-history",
            json={
                "started_on": "2008-07-01",
                "organization_name": "北京智汇数据科技有限公司",
                "position": "软件工程师",
            },
        ),
        201,
    )
    achievement = _ok(
        applicant.post(
            f"{base}/achievements",
            json={
                "kind": "paper",
                "title": "政务数据共享平台的高可用设计",
                "achieved_on": "2022-03-01",
                "rank": 1,
                "journal": "计算机工程与应用",
                "journal_number": "ISSN 1002-8331",
            },
        ),
        201,
    )
    FACTS["achievement_id"] = achievement["id"]


def _upload(applicant: Client, application_id: int, kind: str, data: bytes, **extra: str) -> dict:
    return _ok(
        applicant.post(
            f"/api/v1/materials/applications/{application_id}/attachments",
            data={"kind": kind, **extra},
            files={"file": (f"{kind}.png", data, "image/png")},
        ),
        201,
    )


def test_journey_from_registration_to_a_downloaded_certificate(stack_dir):
    started = time.monotonic()
    plan = json.loads(drive("plan"))
    level = "intermediate" if "intermediate" in plan["levels"] else plan["levels"][-1]

    # 1. Registration with a code received by SMS.
    applicant = Client()
    id_number, phone = _new_identity()
    _ok(applicant.post("/api/v1/accounts/sms-code", json={"phone": phone}))
    me = _ok(
        applicant.post(
            "/api/v1/accounts/register",
            json={
                "real_name": "王小明",
                "id_type": "mainland",
                "id_number": id_number,
                "phone": phone,
                "sms_code": _sms_code(stack_dir, phone),
                "password": PASSWORD,
            },
        ),
        201,
    )
    assert me["id_number_masked"] != id_number
    applicant.get("/")  # the login rotated the CSRF token

    # 2. The application, its materials (into the bucket) and the submission.
    application = _ok(
        applicant.post(
            "/api/v1/applications/",
            json={"committee_id": plan["committee_id"], "level": level, "unit_id": plan["unit_id"]},
        ),
        201,
    )
    pk = application["id"]
    _fill_in(applicant, pk, plan, level)
    uploads = [_upload(applicant, pk, "id_document", _png((200, 30, 30)))]
    uploads.append(
        _upload(applicant, pk, "achievement", _png((30, 200, 30)), achievement_id=str(FACTS["achievement_id"]))
    )
    for n, kind in enumerate(("education_cert", "title_cert", "signed_pledge")):
        uploads.append(_upload(applicant, pk, kind, _png((30, 30, 100 + n * 40))))
    eligibility = _ok(applicant.get(f"/api/v1/applications/{pk}/eligibility"))
    assert eligibility["eligible"], eligibility["problems"]
    _ok(applicant.post(f"/api/v1/applications/{pk}/submit"), 201)
    download = applicant.get(uploads[0]["download_url"])
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == uploads[0]["sha256"]
    FACTS["uploads"] = uploads

    # 3. The unit's posting (5 working days, started in the past by the drive) and its recommendation over HTTPS.
    drive("post-back", str(pk))
    unit = _staff(plan["unit_staff"], plan["password"])
    _ok(unit.post(f"/api/v1/unit-review/applications/{pk}/recommend", json={"opinion": "同意推荐"}), 201)

    # 4. The agency approves and sets the payment deadline.
    agency = _staff(plan["agency_staff"], plan["password"])
    due = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    fee = _ok(agency.post(f"/api/v1/agency-review/applications/{pk}/approve", json={"payment_due_on": due}), 201)

    # 5. Payment at the 支付宝 sandbox: its signed notification reaches the platform through nginx.
    order = _ok(applicant.post(f"/api/v1/fees/applications/{pk}/payments"), 201)
    sandbox = f"http://127.0.0.1:{os.environ['SANDBOX_PORT']}"
    assert order["pay_url"].startswith(sandbox + "/gateway.do?")
    cashier = requests.get(order["pay_url"], timeout=30)
    assert cashier.status_code == 200
    assert f"{float(fee['amount']):.2f}" in cashier.text
    paid = requests.post(sandbox + "/pay", {"out_trade_no": order["out_trade_no"]}, allow_redirects=False, timeout=60)
    assert paid.status_code == 302
    assert paid.headers["Location"].startswith(os.environ["SITE"] + f"/fees/applications/{pk}/")
    assert applicant.get(paid.headers["Location"]).status_code == 200
    record = requests.get(f"{sandbox}/orders/{order['out_trade_no']}", timeout=10).json()
    assert record["deliveries"] == [{"status": 200, "answer": "success"}]
    assert _ok(applicant.get(f"/api/v1/applications/{pk}"))["status"] == "paid"
    replay = requests.post(f"{sandbox}/orders/{order['out_trade_no']}/replay", timeout=30).json()
    assert replay["answer"] == "success"
    FACTS["order"] = order["out_trade_no"]

    # 6. Evaluation through the services (the meeting has no quick page path), then the batch by the workers.
    drive("evaluate", str(pk))
    assert _ok(applicant.get(f"/api/v1/applications/{pk}"))["status"] == "confirmed"
    bureau = _staff(plan["bureau"], plan["password"])
    pending = _ok(bureau.get("/api/v1/certificates/plans/pending"))
    batch = _ok(bureau.post("/api/v1/certificates/batches", json={"plan_id": pending[0]["id"]}), 201)
    for _ in range(600):
        batch = _ok(bureau.get(f"/api/v1/certificates/batches/{batch['id']}"))
        if batch["status"] not in {"queued", "running"}:
            break
        time.sleep(0.2)
    assert (batch["status"], batch["done"]) == ("finished", batch["total"]), batch
    workers_log = "".join(log.read_text(errors="replace") for log in stack_dir.glob("worker*.log"))
    assert "issue_batch" in workers_log

    # 7. The holder downloads the certificate over HTTPS; it is signed, and the public verification finds it.
    (certificate,) = _ok(applicant.get("/api/v1/certificates/mine"))
    pdf = applicant.get(f"/certificates/{certificate['id']}/certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == certificate["pdf_sha256"]
    context = ValidationContext(trust_roots=[load_cert_from_pemder(os.environ["CERTIFICATE_CERT_FILE"])])
    (signature,) = PdfFileReader(io.BytesIO(pdf.content)).embedded_signatures
    status = validate_pdf_signature(signature, signer_validation_context=context)
    assert status.intact
    assert status.valid
    answer = _ok(Client().post("/api/v1/verify/lookup", json={"number": certificate["number"], "name": "王小明"}))
    assert answer["found"]
    assert answer["certificate"]["number"] == certificate["number"]
    FACTS["certificate"] = certificate
    FACTS["seconds"] = round(time.monotonic() - started, 1)
    print(f"\n[stack] journey over HTTPS in {FACTS['seconds']} s")


def _bucket() -> dict[str, bytes]:
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ["S3_REGION"],
        aws_access_key_id=os.environ["S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["S3_SECRET_KEY"],
    )
    bucket = os.environ["S3_BUCKET"]
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket) for o in page["Contents"]]
    return {key: s3.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


def test_uploads_and_the_certificate_are_objects_in_the_bucket_and_not_on_the_app_hosts_disk():
    if "certificate" not in FACTS:
        pytest.fail("the journey did not finish")
    digests = {hashlib.sha256(body).hexdigest() for body in _bucket().values()}
    assert {u["sha256"] for u in FACTS["uploads"]} <= digests
    assert FACTS["certificate"]["pdf_sha256"] in digests
    assert FACTS["certificate"]["notice_sha256"] in digests
    media = Path(os.environ["DATA_DIR"]) / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_in_the_bucket_is_not_reachable_without_the_access_check():
    if "uploads" not in FACTS:
        pytest.fail("the journey did not finish")
    outsider = Client()
    response = outsider.get(FACTS["uploads"][0]["download_url"], allow_redirects=False)
    assert response.status_code == 302
    assert "/accounts/login" in response.headers["Location"]
    key = next(k for k, body in _bucket().items() if hashlib.sha256(body).hexdigest() == FACTS["uploads"][0]["sha256"])
    plain = requests.get(f"{os.environ['S3_ENDPOINT_URL']}/{os.environ['S3_BUCKET']}/{key}", timeout=10)
    assert plain.status_code == 403


def _lookups_until_limited(client: Client, headers: dict[str, str] | None = None, *, cap: int = 120) -> int:
    """Verification lookups (a public, rate-limited operation) until the first 429; how many were answered."""
    for n in range(cap):
        response = client.post(
            "/api/v1/verify/lookup", json={"number": f"ZC-NONE-{n}", "name": "路人"}, headers=headers or {}
        )
        if response.status_code == 429:
            return n
        assert response.status_code == 200, response.text
    raise AssertionError(f"no limit after {cap} lookups")


def test_two_citizens_behind_the_proxy_have_separate_rate_limits():
    first, second = Client("127.0.0.2"), Client("127.0.0.3")

    answered = _lookups_until_limited(first)

    assert answered > 0, "a new citizen's first lookup was refused: every citizen shares the proxy's address"
    response = second.post("/api/v1/verify/lookup", json={"number": "ZC-NONE-X", "name": "路人"})
    assert response.status_code == 200, "the second citizen was limited by the first one's lookups"


def test_a_client_sent_x_forwarded_for_is_ignored():
    client = Client("127.0.0.4")
    _lookups_until_limited(client)

    for forged in ("10.1.2.3", "127.0.0.5", "203.0.113.9, 127.0.0.6"):
        response = client.post(
            "/api/v1/verify/lookup", json={"number": "ZC-NONE-Y", "name": "路人"}, headers={"X-Forwarded-For": forged}
        )
        assert response.status_code == 429, f"X-Forwarded-For: {forged} escaped the limit"


def test_hsts_is_sent_over_https():
    response = Client().get("/accounts/login/")
    assert "max-age=" in response.headers.get("Strict-Transport-Security", "")


def test_a_content_security_policy_is_sent():
    response = Client().get("/accounts/login/")
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[-1].split(";")[0]


def _production_env() -> dict[str, str]:
    """The stack's environment without what the test process itself sets (conftest's DJANGO_ALLOW_ASYNC_UNSAFE)."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_exits_0_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=_production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_has_no_warnings_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=_production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
