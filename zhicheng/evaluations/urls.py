from django.urls import URLPattern

app_name = "evaluations"
urlpatterns: list[URLPattern] = []
