from django.urls import path

from zhicheng.panels import views

app_name = "panels"
urlpatterns = [
    path("sessions/<int:session_pk>/", views.manage, name="manage"),
    path("sessions/<int:session_pk>/form/", views.form_panels, name="form"),
    path("entries/<int:entry_pk>/move/", views.move_entry, name="move_entry"),
    path("members/<int:member_pk>/move/", views.move_member, name="move_member"),
    path("members/<int:member_pk>/leader/", views.appoint_leader, name="leader"),
    path("panels/<int:panel_pk>/schedule/", views.schedule, name="schedule"),
    path("entries/<int:entry_pk>/schedule/", views.schedule_entry, name="schedule_entry"),
    path("defenses/<int:slot_pk>/attendance/", views.attendance, name="attendance"),
    path("mine/", views.my_panel, name="my_panel"),
    path("entries/<int:entry_pk>/", views.review, name="review"),
    path("entries/<int:entry_pk>/opinion/", views.opinion, name="opinion"),
    path("entries/<int:entry_pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("defense-notice/<int:application_pk>/", views.defense_notice, name="defense_notice"),
]
