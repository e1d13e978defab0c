"""SMS providers for tests: they stand in for the gateway, the only thing that leaves the process."""

from zhicheng.notifications.providers import SendResult


class RecordingProvider:
    calls: list[tuple[str, str, dict[str, str]]] = []
    results: list[SendResult] = []

    def send(self, phone: str, template_id: str, params: dict[str, str]) -> SendResult:
        RecordingProvider.calls.append((phone, template_id, params))
        if RecordingProvider.results:
            return RecordingProvider.results.pop(0)
        return SendResult(ok=True, message_id=f"gw-{len(RecordingProvider.calls)}")


class BrokenProvider:
    def send(self, phone: str, template_id: str, params: dict[str, str]) -> SendResult:
        raise ConnectionError("gateway unreachable")
