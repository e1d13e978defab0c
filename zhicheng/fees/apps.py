from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.fees"
    label = "fees"
    verbose_name = "评审费"
