from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "zhicheng.panels"
    verbose_name = "评议组与答辩"
