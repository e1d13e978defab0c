"""Error reporting through Sentry (or a Sentry-compatible server), only when SENTRY_DSN is set."""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sentry_sdk.types import Event


def init_sentry(dsn: str, *, environment: str, release: str) -> None:
    """Report unhandled errors with the request id; personal data (PII, request bodies) is not sent."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        before_send=_tag_request_id,
    )


def _tag_request_id(event: "Event", hint: dict[str, Any]) -> "Event":
    from zhicheng.core.ops.requests import current_request_id

    event.setdefault("tags", {})["request_id"] = current_request_id.get()
    return event
