from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.materials"
    label = "materials"
