from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.applications"
    label = "applications"
