from django.urls import path

from zhicheng.ballots import views

app_name = "ballots"
urlpatterns = [
    path("sessions/<int:pk>/meeting/", views.meeting, name="meeting"),
    path("sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:pk>/open/", views.open_meeting, name="open_meeting"),
    path("sessions/<int:pk>/remarks/<int:entry_pk>/", views.remark, name="remark"),
    path("sessions/<int:pk>/summary/", views.summary, name="summary"),
    path("sessions/<int:pk>/report/", views.report, name="report"),
    path("sessions/<int:pk>/preside/", views.preside, name="preside"),
    path("sessions/<int:pk>/voting/open/", views.open_voting, name="open_voting"),
    path("sessions/<int:pk>/voting/close/", views.close_voting, name="close_voting"),
    path("sessions/<int:pk>/ballot/", views.ballot, name="ballot"),
    path("sessions/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("sessions/<int:pk>/results/", views.results, name="results"),
    path("sessions/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("sessions/<int:pk>/minutes/sign/", views.sign, name="sign"),
    path("sessions/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
