"""Input shapes of the panel pages; the rules are checked by the services."""

from typing import Any

from django import forms

from zhicheng.panels.models import DefenseAttendance, Panel, Recommendation
from zhicheng.panels.services import MINUTES_EACH, PLACE_MAX_CHARS

ATTENDANCE_CHOICES = [(DefenseAttendance.ATTENDED.value, "已参加答辩"), (DefenseAttendance.NO_SHOW.value, "缺席答辩")]
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class FormPanelsForm(forms.Form):
    panel_count = forms.IntegerField(label="评议组数", min_value=1, max_value=99)


class MoveForm(forms.Form):
    """Pick another panel of the same session."""

    panel = forms.ModelChoiceField(label="调入评议组", queryset=Panel.objects.none(), empty_label="请选择…")

    def __init__(self, *args: Any, session_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["panel"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = Panel.objects.filter(session_id=session_id).order_by("id")


class ScheduleForm(forms.Form):
    """Bulk scheduling of one panel: start, minutes per applicant, place."""

    starts_at = forms.DateTimeField(label="开始时间", widget=DATETIME_INPUT)
    minutes_each = forms.IntegerField(
        label="每人答辩时长（分钟）", min_value=MINUTES_EACH[0], max_value=MINUTES_EACH[1], initial=20
    )
    place = forms.CharField(label="答辩地点", max_length=PLACE_MAX_CHARS)


class EntryScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(label="答辩时间", widget=DATETIME_INPUT)
    place = forms.CharField(label="答辩地点", max_length=PLACE_MAX_CHARS)


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label="答辩情况", choices=ATTENDANCE_CHOICES)


class OpinionForm(forms.Form):
    recommendation = forms.ChoiceField(label="评议结论", choices=Recommendation.choices, widget=forms.RadioSelect)
    text = forms.CharField(label="书面评议意见", widget=forms.Textarea(attrs={"rows": 6}))
