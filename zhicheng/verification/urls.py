"""Public certificate verification (网上查验) and the holder's record of lookups."""

from django.urls import path

from zhicheng.verification import views

app_name = "verification"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("qr/", views.qr, name="qr"),
    path("details/code/", views.code, name="code"),
    path("details/", views.details, name="details"),
    path("mine/", views.my_lookups, name="my_lookups"),
    path("mine/<int:pk>/", views.my_lookups, name="my_certificate_lookups"),
]
