from django.urls import path

from zhicheng.agency_review import views

app_name = "agency_review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("applications/<int:pk>/", views.review, name="review"),
    path("applications/<int:pk>/correction/", views.correction, name="correction"),
    path("applications/<int:pk>/approve/", views.approve, name="approve"),
    path("corrections/<int:pk>/", views.correction_notice, name="correction_notice"),
]
