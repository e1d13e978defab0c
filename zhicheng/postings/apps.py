from django.apps import AppConfig


class PostingsConfig(AppConfig):
    name = "zhicheng.postings"
    verbose_name = "评审结果公示与确认"
