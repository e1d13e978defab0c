"""Input shapes of the session pages; the rules are checked by the services."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from zhicheng.catalog.models import Committee
from zhicheng.evaluations.models import EvaluationSession, Seat, SeatStatus, SessionApplication
from zhicheng.experts.models import Expert


class SessionForm(forms.Form):
    committee = forms.ModelChoiceField(label="评委会", queryset=Committee.objects.none(), empty_label="请选择…")
    name = forms.CharField(label="评审会名称", max_length=120)
    meeting_on = forms.DateField(label="评审会议日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="会议地点", max_length=200)
    experts_requested = forms.IntegerField(
        label="申请抽取专家人数", min_value=1, max_value=999, help_text="应为奇数，且不少于评委会人数下限（R-61）"
    )

    def __init__(self, *args: Any, committees: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["committee"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = committees


class ResponseForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "确认参加"), ("decline", "谢绝")])
    reason = forms.CharField(label="谢绝原因", max_length=200, required=False)

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["action"] == "accept"


class ConflictForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="回避原因", max_length=200)


class EntryChoiceField(forms.ModelChoiceField[SessionApplication]):
    def label_from_instance(self, obj: SessionApplication) -> str:
        return f"{obj.application.applicant.real_name}（{obj.application.number}）"


class RecordConflictForm(forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=Expert.objects.none(), empty_label="请选择…")
    entry = EntryChoiceField(label="申报人", queryset=SessionApplication.objects.none(), empty_label="请选择…")
    reason = forms.CharField(label="回避原因", max_length=200)

    def __init__(self, *args: Any, session: EvaluationSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        expert = self.fields["expert"]
        entry = self.fields["entry"]
        assert isinstance(expert, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(entry, forms.ModelChoiceField)  # noqa: S101 - declared above
        expert.queryset = Expert.objects.filter(
            seats__session=session, seats__status__in=(SeatStatus.INVITED, SeatStatus.ACCEPTED)
        )
        entry.queryset = session.entries.select_related("application__applicant", "application__plan")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="回避原因", max_length=200)


def _seat_label(seat: Seat) -> str:
    expert = seat.expert
    return f"{expert.name}（{expert.title_name or expert.get_level_display()}，{expert.unit_name or '—'}）"


class RosterForm(forms.Form):
    chair = forms.TypedChoiceField(label="主任委员", coerce=int, widget=forms.RadioSelect)
    vice_chairs = forms.TypedMultipleChoiceField(
        label="副主任委员（1至3名）", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, seats: list[Seat], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.pk, _seat_label(s)) for s in seats]
        chair = self.fields["chair"]
        vice = self.fields["vice_chairs"]
        assert isinstance(chair, forms.ChoiceField)  # noqa: S101 - declared above
        assert isinstance(vice, forms.ChoiceField)  # noqa: S101 - declared above
        chair.choices = choices
        vice.choices = choices
