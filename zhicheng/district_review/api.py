"""REST operations of the district bureau's 直通车 recommendation."""

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status as Reply

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import require_role
from zhicheng.applications import selectors
from zhicheng.applications.models import Status
from zhicheng.core.api_errors import ErrorOut, not_found
from zhicheng.district_review import services

router = Router(tags=["district_review"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class PendingOut(Schema):
    id: int
    number: str
    applicant: str
    unit: str
    committee: str


class DecisionIn(Schema):
    meeting_on: datetime.date
    is_recommended: bool
    opinion: str


class DecisionOut(Schema):
    id: int
    application_id: int
    is_recommended: bool
    status: str


@router.get("/applications", response={200: list[PendingOut], **ERRORS}, summary="待推荐的“直通车”申报")
def pending(request: HttpRequest) -> list[dict[str, object]]:
    user = require_role(request, Role.DISTRICT_BUREAU)
    applications = selectors.list_applications_for(user).filter(is_fast_track=True, status=Status.DISTRICT_REVIEW)
    return [
        {
            "id": a.pk,
            "number": a.number,
            "applicant": a.applicant.real_name,
            "unit": a.unit.name if a.unit else "",
            "committee": a.committee.name,
        }
        for a in applications
    ]


@router.post("/applications/{pk}/decision", response={201: DecisionOut, **ERRORS}, summary="录入区推委会推荐结果")
def decide(request: HttpRequest, pk: int, payload: DecisionIn) -> Reply[dict[str, object]]:
    user = require_role(request, Role.DISTRICT_BUREAU)
    application = selectors.list_applications_for(user).filter(pk=pk).first()
    if application is None:
        raise not_found()
    decision = services.record_decision(application, by=user, **payload.dict())
    return Reply(
        201,
        {
            "id": decision.pk,
            "application_id": application.pk,
            "is_recommended": decision.is_recommended,
            "status": application.status,
        },
    )
