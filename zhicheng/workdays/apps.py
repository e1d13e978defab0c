from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.workdays"
    label = "workdays"
