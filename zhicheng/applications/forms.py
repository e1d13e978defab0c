"""Input shapes of the application's sections (the 400s); rules that span models live in eligibility.py."""

from typing import Any

from django import forms

from zhicheng.accounts.models import Organization, OrgKind
from zhicheng.applications.models import Achievement, AchievementKind, Application, Basis, WorkHistory
from zhicheng.catalog.models import Committee, Level, Specialty

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unit_from(data: Any) -> Organization | None:
    """The unit chosen on the start page; its district decides which junior engineering committee is offered."""
    raw = data.get("unit", "")
    if not str(raw).isdigit():
        return None
    return Organization.objects.filter(kind=OrgKind.UNIT, pk=int(raw)).select_related("district").first()


class StartForm(forms.Form):
    unit = forms.ModelChoiceField(
        Organization.objects.filter(kind=OrgKind.UNIT),
        label="工作单位（参保单位）",
        required=False,
        help_text="自由职业者可不选；工程技术系列初级职称只能选择参保单位所在区的评委会",
        # Choosing the unit reloads the committee list for its district.
        widget=forms.Select(
            attrs={
                "hx-get": "",
                "hx-trigger": "change",
                "hx-target": "#committee-choices",
                "hx-select": "#committee-choices",
                "hx-swap": "outerHTML",
            }
        ),
    )
    committee = forms.ModelChoiceField(Committee.objects.none(), label="评审委员会")
    level = forms.ChoiceField(choices=Level.choices, label="申报级别")
    specialty = forms.ModelChoiceField(Specialty.objects.none(), label="申报专业", required=False)

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees  # type: ignore[attr-defined]
        self.fields["specialty"].queryset = Specialty.objects.filter(  # type: ignore[attr-defined]
            series__in=committees.values("series")
        ).select_related("series")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        committee, level = data.get("committee"), data.get("level")
        if committee and level and level not in committee.levels:
            self.add_error("level", f"该评委会不评审{Level(level).label}职称")
        return data


class BasicForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "gender",
            "birth_date",
            "employment_type",
            "unit",
            "association",
            "position",
            "beijing_work_since",
            "is_civil_servant",
            "is_retired",
            "sanction_until",
        ]
        widgets = {"birth_date": DATE, "beijing_work_since": DATE, "sanction_until": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(kind=OrgKind.UNIT)  # type: ignore[attr-defined]
        self.fields["association"].queryset = Organization.objects.filter(  # type: ignore[attr-defined]
            kind=OrgKind.ASSOCIATION
        )


class TitleEducationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "basis",
            "current_series",
            "current_level",
            "current_obtained_on",
            "current_certificate_number",
            "qualification",
            "education",
            "degree",
            "school",
            "major",
            "graduated_on",
            "diploma_number",
        ]
        widgets = {"current_obtained_on": DATE, "graduated_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("basis") == Basis.TITLE and not (data.get("current_series") and data.get("current_level")):
            self.add_error("current_level", "选择“现有职称”时，请填写职称系列和级别")
        if data.get("basis") == Basis.QUALIFICATION and not data.get("qualification"):
            self.add_error("qualification", "选择“职业资格”时，请选择所持职业资格")
        return data


class SpecialForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["is_exceptional", "exceptional_reason", "is_fast_track", "exam_certificate_number", "work_summary"]

    def clean_is_fast_track(self) -> bool:
        wanted = bool(self.cleaned_data.get("is_fast_track"))
        application = self.instance
        if wanted and not (application.committee.series.allows_fast_track and application.level == Level.SENIOR_FULL):
            raise forms.ValidationError("“直通车”仅适用于工程技术、自然科学研究、哲学社会科学研究系列正高级职称申报")
        return wanted


class WorkHistoryForm(forms.ModelForm):
    class Meta:
        model = WorkHistory
        fields = ["started_on", "ended_on", "organization_name", "position", "duties"]
        widgets = {"started_on": DATE, "ended_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", "截止时间不能早于起始时间")
        return data


# Fields each kind of achievement must fill in, beyond title and date.
ACHIEVEMENT_REQUIRED = {
    AchievementKind.PAPER: ["journal", "journal_number", "rank"],
    AchievementKind.PATENT: ["patent_number", "patent_type", "rank"],
    AchievementKind.PROJECT: ["project_level", "project_role"],
    AchievementKind.AWARD: ["award_issuer", "award_grade", "rank"],
}


class AchievementForm(forms.ModelForm):
    class Meta:
        model = Achievement
        fields = [
            "kind",
            "title",
            "achieved_on",
            "rank",
            "journal",
            "journal_number",
            "doi",
            "patent_number",
            "patent_type",
            "project_level",
            "project_role",
            "project_number",
            "award_issuer",
            "award_grade",
            "award_number",
            "is_classified",
            "is_declassified",
        ]
        widgets = {"achieved_on": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if not kind:
            return data
        for name in ACHIEVEMENT_REQUIRED[AchievementKind(str(kind))]:
            if data.get(name) in (None, ""):
                label = self.fields[name].label
                self.add_error(name, f"{AchievementKind(str(kind)).label}须填写“{label}”")
        return data
