from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.comparison"
    label = "comparison"
    verbose_name = "数据比对"
