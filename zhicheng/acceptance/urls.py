from django.urls import path

from zhicheng.acceptance import views

app_name = "acceptance"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/checks/", views.run_checks, name="run_checks"),
    path("sessions/<int:pk>/entries/<int:entry_pk>/correct/", views.correct, name="correct"),
    path("sessions/<int:pk>/accept/", views.accept, name="accept"),
]
