"""Model fields for personal data, encrypted at rest through core.crypto."""

from typing import Any

from django.db import models

from zhicheng.core import crypto


class EncryptedTextField(models.TextField):
    """Stores SM4-GCM tokens; Python code sees plain text. Not searchable: pair it with a lookup hash."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
