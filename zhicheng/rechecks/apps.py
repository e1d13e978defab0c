from django.apps import AppConfig


class RechecksConfig(AppConfig):
    name = "zhicheng.rechecks"
    verbose_name = "评审结果复查"
