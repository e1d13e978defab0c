from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.notifications"
    label = "notifications"
