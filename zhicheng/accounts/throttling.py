"""Login limits, on the shared rate limiter (zhicheng.core.ratelimit).

Failures are counted per (client, account) and per client. Keying the account's count on the client too
means that an attacker who fails five times locks only their own attempts at that account: the user,
from any other address, still logs in. The account key is the lookup hash of whatever was typed, whether
or not such a user exists, so unknown and known identifiers are locked after the same number of tries.
"""

import datetime

from zhicheng.core.ratelimit import Rule

LOCKED_MESSAGE = "登录失败次数过多，请{minutes}分钟后再试"
WINDOW = datetime.timedelta(minutes=15)

CLIENT_ACCOUNT = Rule("login-client-account", limit=5, window=WINDOW, lock=WINDOW, message=LOCKED_MESSAGE)
CLIENT = Rule("login-client", limit=30, window=WINDOW, lock=WINDOW, message=LOCKED_MESSAGE)
SECOND_FACTOR = Rule("login-second-factor", limit=5, window=WINDOW, lock=WINDOW, message=LOCKED_MESSAGE)
