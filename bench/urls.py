"""The production URLconf plus the floors (bench/floors.py), on the same stack."""

from django.urls import include, path

from bench import floors

urlpatterns = [
    path("bench/floor/", floors.insert, name="bench_floor"),
    path("bench/floor/submit/<int:pk>/", floors.submission, name="bench_floor_submit"),
    path("bench/floor/status/<int:pk>/", floors.status, name="bench_floor_status"),
    path("bench/floor/queue/<int:unit>/", floors.queue, name="bench_floor_queue"),
    path("", include("config.urls")),
]
