"""A crawl of every public page and of the certificate PDFs finds no full ID number and no phone number of anyone
in the database (R-81, R-91; personal data masked in every public view)."""

import pytest
from django.test import Client
from django.urls import reverse

from zhicheng.acceptance.tests.factories import applications, reported
from zhicheng.accounts.models import User
from zhicheng.applications import lifecycle
from zhicheng.certificates.issuing import issue_certificate
from zhicheng.certificates.tests.factories import file_bytes, pdf_text
from zhicheng.experts.models import Expert
from zhicheng.postings.models import ResultPosting
from zhicheng.postings.tests.factories import POSTING_DAY, at, posted


def personal_data() -> set[str]:
    """Every full ID number and phone the platform holds (decrypted), applicants, staff and experts alike."""
    values = {value for user in User.objects.all() for value in (user.id_number, user.phone) if value}
    return values | {expert.phone for expert in Expert.objects.all() if expert.phone}


def crawl(client: Client, posting: ResultPosting, certificate_number: str, holder: str, payload: str) -> list[str]:
    pages = [
        client.get(reverse("home")),
        client.get(reverse("postings:list")),
        client.get(reverse("postings:detail", args=[posting.pk])),
        client.get(reverse("postings:complain", args=[posting.results.first().pk])),
        client.get(reverse("verification:lookup")),
        client.post(reverse("verification:lookup"), {"number": certificate_number, "name": holder}),
        client.get(reverse("verification:qr"), {"p": payload}),
        client.get(reverse("certificates:revocations")),
        client.get(reverse("certificates:public_key")),
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    return [page.content.decode() for page in pages]


@pytest.mark.django_db
def test_r91_no_public_page_or_certificate_pdf_shows_a_full_id_number_or_phone(bureau):
    with at(POSTING_DAY):
        session = reported(applications=3)
        for application in applications(session):
            lifecycle.move(application, "accept_result", by=bureau)
        (posting,) = posted(session, bureau)
        holder = applications(session)[0]
        lifecycle.move(holder, "confirm_result", by=bureau)
        certificate = issue_certificate(holder)
        texts = crawl(Client(), posting, certificate.number, certificate.holder_name, certificate.qr_payload)
    texts += [pdf_text(file_bytes(certificate.pdf)), pdf_text(file_bytes(certificate.notice_pdf))]

    secrets = personal_data()
    assert len(secrets) >= 5  # three applicants' ID numbers, their phone and the experts' phone
    assert certificate.holder_name in texts[-1]
    leaks = {secret for secret in secrets for text in texts if secret in text}
    assert leaks == set()
