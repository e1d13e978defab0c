"""The production stack's journey: runs only inside scripts/prod-check.sh, which starts the stack and exports
its environment (STACK, SITE, the ports, and the app's production settings)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    if not os.environ.get("STACK"):
        skip = pytest.mark.skip(reason="runs inside make prod-check, which starts the stack")
        for item in items:
            item.add_marker(skip)


class FromAddress(HTTPAdapter):
    """Connections leave from a given loopback address, as citizens' connections arrive from their own."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, connections, maxsize, block=False, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(connections, maxsize, block, **kwargs)


class Client:
    """A browser-like HTTPS client of the stack: cookies, CSRF token and Referer as a browser sends them."""

    def __init__(self, source: str = "127.0.0.1") -> None:
        self.site = os.environ["SITE"]
        self.session = requests.Session()
        self.ca = str(Path(os.environ["STACK"]) / "keys" / "ca.pem")  # per request: REQUESTS_CA_BUNDLE would win
        self.session.mount("https://", FromAddress(source))
        self.get("/accounts/login/")  # sets the csrftoken cookie

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        token = self.session.cookies.get("csrftoken", "")
        return {"Referer": self.site + "/", "X-CSRFToken": token, **(extra or {})}

    def get(self, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("http") else self.site + path
        headers = self._headers(kwargs.pop("headers", None))
        return self.session.get(url, timeout=60, verify=self.ca, headers=headers, **kwargs)

    def send(self, method: str, path: str, **kwargs) -> requests.Response:
        url = path if path.startswith("http") else self.site + path
        headers = self._headers(kwargs.pop("headers", None))
        return self.session.request(method, url, timeout=60, verify=self.ca, headers=headers, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.send("POST", path, **kwargs)


def drive(*args: str) -> str:
    """A step through the services against the stack's database (stack/drive.py), as the operator would run it."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "stack.drive", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip()


@pytest.fixture(scope="session")
def stack_dir() -> Path:
    return Path(os.environ["STACK"])
