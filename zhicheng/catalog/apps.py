from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.catalog"
    label = "catalog"
