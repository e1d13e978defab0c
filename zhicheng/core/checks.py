"""`manage.py check --deploy` reports what deployment.py refuses at start-up (settings changed at run time too)."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from zhicheng.core import deployment


@register(Tags.security, deploy=True)
def production_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    values = {name: getattr(settings, name) for name in dir(settings) if name.isupper()}
    return [Error(str(problem), id="zhicheng.E001", obj=problem.variable) for problem in deployment.problems(values)]
