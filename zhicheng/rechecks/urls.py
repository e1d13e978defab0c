from django.urls import path

from zhicheng.rechecks import views

app_name = "rechecks"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("applications/<int:application_pk>/new/", views.new, name="new"),
    path("queue/", views.queue, name="queue"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
]
