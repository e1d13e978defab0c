"""Production settings plus the bench-only URLconf (the floor view); used only by scripts/bench.sh."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
