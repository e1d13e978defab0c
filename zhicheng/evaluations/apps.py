from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "zhicheng.evaluations"
    verbose_name = "评审会与专家抽取"
