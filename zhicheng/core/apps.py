from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.core"
    label = "core"
