from django.urls import URLPattern

app_name = "experts"
urlpatterns: list[URLPattern] = []
