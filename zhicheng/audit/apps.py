from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.audit"
    label = "audit"
