from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.unit_review"
    label = "unit_review"
    verbose_name = "单位审核推荐"
