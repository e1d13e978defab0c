from django.apps import AppConfig


class Config(AppConfig):
    name = "zhicheng.core"
    label = "core"

    def ready(self) -> None:
        from zhicheng.core import checks  # noqa: F401  (registers the deploy check)
