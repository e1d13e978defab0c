"""Public pages of the audit trail: the signed checkpoints, for anyone to keep and compare (no personal data)."""

from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from zhicheng.audit.checkpoints import LOG_ID, signed_tree_head
from zhicheng.audit.models import Checkpoint

LISTED = 100


def _json(data: object) -> JsonResponse:
    response = JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def checkpoints(request: HttpRequest) -> JsonResponse:
    """The newest checkpoints, newest first, with where to find the key that checks their signatures."""
    rows = Checkpoint.objects.order_by("-tree_size")[:LISTED]
    return _json(
        {
            "log": LOG_ID,
            "public_key": request.build_absolute_uri(reverse("certificates:public_key")),
            "checkpoints": [signed_tree_head(c) for c in rows],
        }
    )


@require_GET
def latest(request: HttpRequest) -> JsonResponse:
    checkpoint = Checkpoint.objects.order_by("-tree_size").first()
    if checkpoint is None:
        raise Http404
    return _json(signed_tree_head(checkpoint))


@require_GET
def consistency(request: HttpRequest, tree_size: int) -> JsonResponse:
    """The RFC 6962 proof that this checkpoint's tree extends the one of the checkpoint before it."""
    row = Checkpoint.objects.filter(tree_size=tree_size).first()
    previous = Checkpoint.objects.filter(tree_size__lt=tree_size).order_by("-tree_size").first()
    if row is None or previous is None:
        raise Http404
    return _json({"first": previous.tree_size, "second": row.tree_size, "proof": row.consistency})


@require_GET
def checkpoint(request: HttpRequest, tree_size: int) -> JsonResponse:
    row = Checkpoint.objects.filter(tree_size=tree_size).first()
    if row is None:
        raise Http404
    return _json(signed_tree_head(row))
