"""The production URLconf plus the floor: a bare view doing one INSERT on the same stack."""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def floor(request: HttpRequest) -> HttpResponse:
    """One INSERT into the table scripts/bench.sh creates (bench_floor), nothing else."""
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor DEFAULT VALUES")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("config.urls")),
]
