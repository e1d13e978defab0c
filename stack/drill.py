"""The backup drill's two halves in Python (scripts/backup-drill.sh runs them; test and operations use only).

python -m stack.drill dump-bucket DIR        every object of S3_BUCKET into DIR, with manifest.json (key → sha256)
python -m stack.drill load-bucket DIR        DIR's objects into S3_BUCKET (a fresh bucket), checked against the manifest
python -m stack.drill verify [--sample N]    against the restored database and bucket (the environment's): the
                                             recovery point, N certificates' PDFs (signature and digest) and public
                                             lookup, and every upload's stored sha256 against its restored object
"""

import hashlib
import io
import json
import os
import sys
from pathlib import Path

import boto3


def _s3():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["S3_ENDPOINT_URL"],
        region_name=os.environ.get("S3_REGION") or "us-east-1",
        aws_access_key_id=os.environ["S3_ACCESS_KEY"],
        aws_secret_access_key=os.environ["S3_SECRET_KEY"],
    )


def dump_bucket(directory: Path) -> None:
    s3, bucket = _s3(), os.environ["S3_BUCKET"]
    manifest: dict[str, str] = {}
    size = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            target = directory / "objects" / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            manifest[item["Key"]] = hashlib.sha256(body).hexdigest()
            size += len(body)
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"bucket: {len(manifest)} objects, {size / 1e6:.1f} MB")


def load_bucket(directory: Path) -> None:
    s3, bucket = _s3(), os.environ["S3_BUCKET"]
    s3.create_bucket(Bucket=bucket)
    manifest = json.loads((directory / "manifest.json").read_text())
    for key, digest in manifest.items():
        body = (directory / "objects" / key).read_bytes()
        if hashlib.sha256(body).hexdigest() != digest:
            raise SystemExit(f"backup copy of {key} does not match its manifest")
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    print(f"bucket: {len(manifest)} objects restored into {bucket}")


def verify(sample: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.utils import timezone
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from zhicheng.audit.models import AuditEvent
    from zhicheng.certificates.models import Certificate
    from zhicheng.materials.models import Attachment
    from zhicheng.verification.services import lookup_by_number

    last = AuditEvent.objects.order_by("-id").first()
    if last is None:
        raise SystemExit("the restored database has no audit events")
    print(f"recovery point: {timezone.localtime(last.at):%Y-%m-%d %H:%M:%S %z} (audit event #{last.pk}, {last.action})")

    context = ValidationContext(trust_roots=[load_cert_from_pemder(settings.CERTIFICATE_CERT_FILE)])
    certificates = list(Certificate.objects.order_by("-pk")[:sample])
    if not certificates:
        raise SystemExit("the restored database has no certificates to re-verify")
    for certificate in certificates:
        with certificate.pdf.open("rb") as stored:
            data = stored.read()
        if hashlib.sha256(data).hexdigest() != certificate.pdf_sha256:
            raise SystemExit(f"certificate {certificate.number}: restored PDF differs from its recorded digest")
        (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
        status = validate_pdf_signature(signature, signer_validation_context=context)
        if not (status.intact and status.valid):
            raise SystemExit(f"certificate {certificate.number}: the signature does not validate")
        answer = lookup_by_number(certificate.number, certificate.holder_name, requester="backup-drill")
        if answer.certificate is None or answer.certificate.pk != certificate.pk:
            raise SystemExit(f"certificate {certificate.number}: the verification lookup does not find it")
    print(f"certificates: {len(certificates)} re-verified (digest, PAdES signature, public lookup)")

    checked = 0
    for attachment in Attachment.objects.order_by("pk").iterator():
        with attachment.file.open("rb") as stored:
            digest = hashlib.sha256(stored.read()).hexdigest()
        if digest != attachment.sha256:
            raise SystemExit(f"upload {attachment.pk}: restored object differs from its recorded sha256")
        checked += 1
    print(f"uploads: {checked} restored objects match their recorded sha256")


def main(argv: list[str]) -> None:
    command, *args = argv
    if command == "dump-bucket":
        dump_bucket(Path(args[0]))
    elif command == "load-bucket":
        load_bucket(Path(args[0]))
    elif command == "verify":
        verify(int(args[1]) if args[:1] == ["--sample"] else 5)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
