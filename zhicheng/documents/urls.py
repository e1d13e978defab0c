from django.urls import path

from zhicheng.documents import views

app_name = "documents"
urlpatterns = [
    path("applications/<int:pk>/info-form.pdf", views.info_form, name="info_form"),
    path("applications/<int:pk>/pledge.pdf", views.pledge, name="pledge"),
    path("applications/<int:pk>/posting.pdf", views.posting, name="posting"),
]
