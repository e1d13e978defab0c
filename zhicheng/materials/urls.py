from django.urls import path

from zhicheng.materials import views

app_name = "materials"
urlpatterns = [
    path("applications/<int:application_pk>/<slug:kind>/upload/", views.upload, name="upload"),
    path("files/<int:pk>/replace/", views.replace, name="replace"),
    path("files/<int:pk>/delete/", views.delete, name="delete"),
    path("files/<int:pk>/download/", views.download, name="download"),
    path("files/<int:pk>/view/", views.inline, name="inline"),
    path("files/<int:pk>/thumbnail/", views.thumbnail, name="thumbnail"),
]
