from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.accounts"
    label = "accounts"
