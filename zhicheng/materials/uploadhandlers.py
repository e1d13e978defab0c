"""Streaming size limit for uploads: a file is dropped as soon as it passes settings.UPLOAD_MAX_BYTES."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect


class SizeLimitUploadHandler(FileUploadHandler):
    """First handler in the chain: passes chunks on until the limit, then skips the rest of the file.

    Skipping closes (and so deletes) the temporary file of the next handler and drains the rest of the
    request without keeping it, so neither memory nor disk grows past the limit.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit: int = settings.UPLOAD_MAX_BYTES
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def install(request: HttpRequest) -> None:
    """Put the limit first; must run before anything reads request.POST or request.FILES."""
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))


def upload_too_large(request: HttpRequest) -> bool:
    """True when the limit dropped a file of this request."""
    return any(isinstance(h, SizeLimitUploadHandler) and h.exceeded for h in request.upload_handlers)


def limit_upload_size(view: Callable[..., Any]) -> Callable[..., Any]:
    """For django-ninja operations (decorate_view): install the limit before the API reads the body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        install(request)
        return view(request, *args, **kwargs)

    return wrapper


def with_upload_limit(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For Django views: the CSRF check reads the body, so it runs after the limit is installed."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        install(request)
        return protected(request, *args, **kwargs)

    return wrapper
