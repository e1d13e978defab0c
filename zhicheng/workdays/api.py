"""Public questions to the working-day calendar (R-04, R-05)."""

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhicheng.core.api_errors import ErrorOut, api_error
from zhicheng.workdays.services import CalendarDataMissing, add_workdays, is_workday, workday_span_end

router = Router(tags=["workdays"])
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 422: ErrorOut}


class DayOut(Schema):
    date: datetime.date
    is_workday: bool


class AddOut(Schema):
    start: datetime.date
    workdays: int
    date: datetime.date
    span_end: datetime.date


@router.get("/add", response={200: AddOut, **ERRORS}, auth=None, summary="N个工作日后的日期与N个工作日期间的末日")
def add(request: HttpRequest, start: datetime.date, workdays: int = Query(5, ge=1, le=250)) -> dict[str, object]:
    try:
        return {
            "start": start,
            "workdays": workdays,
            "date": add_workdays(start, workdays),
            "span_end": workday_span_end(start, workdays),
        }
    except CalendarDataMissing as exc:
        raise api_error(str(exc), code="calendar_missing", rule="R-04", field="start") from exc


@router.get("/{day}", response={200: DayOut, **ERRORS}, auth=None, summary="某日是否为工作日")
def day(request: HttpRequest, day: datetime.date) -> dict[str, object]:
    try:
        return {"date": day, "is_workday": is_workday(day)}
    except CalendarDataMissing as exc:
        raise api_error(str(exc), code="calendar_missing", rule="R-04", field="day") from exc
