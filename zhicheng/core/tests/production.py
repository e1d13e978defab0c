"""Run manage.py or Python in a subprocess with a production environment (DEBUG off), as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = "config.settings"


def env_example() -> dict[str, str]:
    """The variables of .env.example, as a deployment's environment file sets them."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def production_env(tmp_path: Path, **changes: str) -> dict[str, str]:
    """.env.example with its key files made under tmp_path (they live on the host), then the changes."""
    values = env_example()
    for name in ("CERTIFICATE_KEY_FILE", "CERTIFICATE_CERT_FILE", "CERTIFICATE_QR_KEY_FILE"):
        path = tmp_path / Path(values[name]).name
        path.write_text("-----BEGIN PLACEHOLDER-----\n", encoding="utf-8")
        values[name] = str(path)
    values["DATA_DIR"] = str(tmp_path / "data")
    values.update(changes)
    return {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        **values,
    }


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in the project directory; output is stdout and stderr together."""
    return subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run(env, "manage.py", *args)
