from django.urls import path

from zhicheng.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.sessions, name="sessions"),
    path("new/", views.session_new, name="session_new"),
    path("<int:pk>/", views.session, name="session"),
    path("<int:pk>/request-draw/", views.request_draw, name="request_draw"),
    path("<int:pk>/draw/", views.draw, name="draw"),
    path("<int:pk>/conflicts/", views.record_conflict, name="record_conflict"),
    path("<int:pk>/roster/", views.roster, name="roster"),
    path("draws/<int:pk>/record/", views.draw_record, name="draw_record"),
    path("seats/<int:pk>/withdraw/", views.withdraw_seat, name="withdraw_seat"),
    path("mine/", views.expert_home, name="expert_home"),
    path("mine/<int:pk>/respond/", views.respond, name="respond"),
    path("mine/<int:pk>/entries/", views.entries, name="entries"),
    path("mine/<int:pk>/conflicts/", views.declare_conflict, name="declare_conflict"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
