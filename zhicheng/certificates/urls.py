"""Issue batches and revocation (bureau), 本人证书查询 (holder), the public revocation list and key."""

from django.urls import path

from zhicheng.certificates import views

app_name = "certificates"
urlpatterns = [
    path("batches/", views.batches, name="batches"),
    path("batches/start/", views.start, name="start"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/<str:kind>.pdf", views.download, name="download"),
    path("revocations.json", views.revocation_list, name="revocations"),
    path("public-key.pem", views.public_key, name="public_key"),
]
