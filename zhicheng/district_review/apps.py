from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.district_review"
    label = "district_review"
