from django.urls import path

from zhicheng.comparison import views

app_name = "comparison"
urlpatterns = [
    path("findings/<int:pk>/conclude/", views.conclude, name="conclude"),
    path("report/", views.report, name="report"),
    path("report/run/", views.run_year, name="run_year"),
]
