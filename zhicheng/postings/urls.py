"""Public posting of accepted results and complaints; the bureau's posting desk, complaint handling, letters."""

from django.urls import path

from zhicheng.postings import views

app_name = "postings"
urlpatterns = [
    path("", views.posting_list, name="list"),
    path("<int:pk>/", views.posting_detail, name="detail"),
    path("results/<int:pk>/complain/", views.complain, name="complain"),
    path("manage/", views.manage, name="manage"),
    path("manage/sessions/<int:session_pk>/post/", views.post, name="post"),
    path("manage/<int:pk>/", views.posting_page, name="posting"),
    path("manage/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("complaints/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("letters/", views.letters, name="letters"),
    path("letters/<int:pk>.pdf", views.letter, name="letter"),
]
