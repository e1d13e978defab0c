from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.agency_review"
    label = "agency_review"
    verbose_name = "评审机构审核"
