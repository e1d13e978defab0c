import pytest

from zhicheng.applications.tests.factories import ApplicationFactory


@pytest.fixture
def application(zhang_san):
    """张三's draft application."""
    return ApplicationFactory(applicant=zhang_san)


@pytest.fixture
def zhang_client(client, zhang_san):
    client.force_login(zhang_san)
    return client


@pytest.fixture
def htmx():
    return {"HTTP_HX_REQUEST": "true"}
