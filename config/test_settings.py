"""Settings for pytest run bare from the checkout: the development defaults, unless the environment says otherwise.

`scripts/test.sh` exports DEBUG=1 and a PostgreSQL DATABASE_URL itself; a bare `pytest` gets DEBUG=1 and SQLite.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403
