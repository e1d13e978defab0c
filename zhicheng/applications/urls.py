from django.urls import path

from zhicheng.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/<slug:section>/", views.edit, name="edit"),
    path("<int:pk>/eligibility/<slug:section>/", views.eligibility, name="eligibility"),
    path("<int:pk>/rows/<slug:kind>/<int:row_pk>/delete/", views.delete_row, name="delete_row"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/versions/<int:number>/", views.version, name="version"),
]
