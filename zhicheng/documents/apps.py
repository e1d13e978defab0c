from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.documents"
    label = "documents"
