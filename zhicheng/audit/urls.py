from django.urls import path

from zhicheng.audit import views

app_name = "audit"
urlpatterns = [
    path("checkpoints/", views.checkpoints, name="checkpoints"),
    path("checkpoints/latest.json", views.latest, name="latest"),
    path("checkpoints/<int:tree_size>.json", views.checkpoint, name="checkpoint"),
    path("checkpoints/<int:tree_size>/consistency.json", views.consistency, name="consistency"),
]
