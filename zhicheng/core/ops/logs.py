"""One JSON object per log line, for the log collector (LOG_FORMAT=json, the production default)."""

import datetime
import json
import logging

STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        extra = {key: value for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES}
        entry.update(
            {key: value if isinstance(value, str | int | float | bool) else repr(value) for key, value in extra.items()}
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
