from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.integrity"
    label = "integrity"
    verbose_name = "职称评审诚信档案"
