"""Operations: request ids, JSON logs, error reporting, metrics and health probes."""
