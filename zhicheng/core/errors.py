"""The one shape of a refused use case: a Chinese message, and the rule and field it concerns."""


class DomainError(Exception):
    """A use case refused; views show the message, the API returns it with the rule id and field.

    The code names the kind of refusal; `zhicheng.core.api_errors.STATUS_BY_CODE` turns it into the HTTP status.
    """

    code = "refused"

    def __init__(self, message: str, *, rule: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.field = field


class TooFrequent(DomainError):
    """Refused by a rate limit (zhicheng.core.ratelimit); the message says how long to wait."""

    code = "rate_limited"
