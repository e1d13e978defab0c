from django.apps import AppConfig


class AcceptanceConfig(AppConfig):
    name = "zhicheng.acceptance"
    verbose_name = "评审结果验收"
