"""Log in with a username, an ID number or a mobile number (found through their lookup hashes)."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhicheng.accounts.models import User
from zhicheng.core import crypto


def find_user(identifier: str) -> User | None:
    identifier = identifier.strip()
    if not identifier:
        return None
    by_username = User.objects.filter(username=identifier).first()
    if by_username is not None:
        return by_username
    digest = crypto.lookup_hash(identifier)
    return User.objects.filter(id_number_hash=digest).first() or User.objects.filter(phone_hash=digest).first()


class IdentifierBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or not password:
            return None
        user = find_user(username)
        if user is None:
            # Spend the same time as a real check so that unknown users cannot be told apart.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
