from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "zhicheng.ballots"
    verbose_name = "评审会议与表决"
