from django.urls import path

from zhicheng.core import views

app_name = "applications"
urlpatterns = [path("", views.home, name="mine")]
