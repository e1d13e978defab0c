from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "zhicheng.verification"
    verbose_name = "证书查验"
