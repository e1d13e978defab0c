"""Production settings plus the bench-only URLconf (the floor view); used only by scripts/bench.sh."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [BASE_DIR / "templates", BASE_DIR / "bench" / "templates"]  # noqa: F405
