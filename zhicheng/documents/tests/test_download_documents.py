"""Downloading the documents: the applicant's own only, 404 for anyone else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAMES = ["documents:info_form", "documents:pledge", "documents:posting"]


@pytest.mark.parametrize("name", NAMES)
def test_applicant_downloads_their_pdf(client, zhang_san, application, name, pdf_text):
    client.force_login(zhang_san)

    response = client.get(reverse(name, args=[application.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "张三" in pdf_text(response.content)


def test_another_applicants_document_is_404(client, li_si, application):
    client.force_login(li_si)

    assert client.get(reverse("documents:info_form", args=[application.pk])).status_code == 404


def test_missing_application_is_404(client, zhang_san):
    client.force_login(zhang_san)

    assert client.get(reverse("documents:pledge", args=[999999])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, application):
    assert client.get(reverse("documents:posting", args=[application.pk])).status_code == 302


def test_api_returns_the_pdf(client, zhang_san, application):
    client.force_login(zhang_san)

    response = client.get(f"/api/v1/documents/applications/{application.pk}/posting")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_api_gives_404_to_others(client, li_si, application):
    client.force_login(li_si)

    response = client.get(f"/api/v1/documents/applications/{application.pk}/info-form")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
