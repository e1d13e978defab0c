from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.demo"
    label = "demo"
