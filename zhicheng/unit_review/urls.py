from django.urls import path

from zhicheng.unit_review import views

app_name = "unit_review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/return/", views.return_to_applicant, name="return"),
    path("<int:pk>/posting/", views.start_posting, name="start_posting"),
    path("<int:pk>/postings/<int:posting_pk>/notice.pdf", views.posting_notice, name="posting_notice"),
    path("<int:pk>/objections/", views.add_objection, name="add_objection"),
    path("<int:pk>/objections/<int:objection_pk>/resolve/", views.resolve_objection, name="resolve_objection"),
    path("<int:pk>/recommend/", views.recommend, name="recommend"),
]
