from django.urls import path

from zhicheng.district_review import views

app_name = "district_review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.decide, name="decide"),
]
