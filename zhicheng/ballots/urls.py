from django.urls import URLPattern

app_name = "ballots"
urlpatterns: list[URLPattern] = []
