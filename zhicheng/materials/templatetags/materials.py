from django import template

from zhicheng.materials.validation import limit_mb

register = template.Library()


@register.simple_tag
def upload_limit_mb() -> str:
    """The upload limit in MB, for help texts next to file inputs."""
    return limit_mb()
