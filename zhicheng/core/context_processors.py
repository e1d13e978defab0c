from django.conf import settings
from django.http import HttpRequest


def deployment(request: HttpRequest) -> dict[str, object]:
    """stand_ins: the stand-ins a staging deployment runs with; base.html shows the 测试环境 banner for them."""
    return {"stand_ins": tuple(getattr(settings, "STAND_INS", ()))}
