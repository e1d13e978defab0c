"""Input shapes of the unit review pages; the rules live in services.py."""

from django import forms

from zhicheng.catalog.models import Committee, Level, Series
from zhicheng.unit_review.selectors import PENDING, QUEUE_STATUSES, QueueFilters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=QUEUE_STATUSES, required=False)
    committee = forms.ModelChoiceField(label="评委会", queryset=Committee.objects.none(), required=False)
    series = forms.ModelChoiceField(label="系列", queryset=Series.objects.all(), required=False)
    level = forms.ChoiceField(label="级别", choices=[("", "全部"), *Level.choices], required=False)
    q = forms.CharField(label="姓名或申报编号", max_length=40, required=False)

    def __init__(self, *args: object, committees: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["committee"].queryset = committees  # type: ignore[attr-defined]

    def filters(self) -> QueueFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return QueueFilters(
            status=data.get("status") or PENDING,
            committee=data["committee"].pk if data.get("committee") else None,
            series=data["series"].pk if data.get("series") else None,
            level=data.get("level") or "",
            q=data.get("q") or "",
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class PostingForm(forms.Form):
    starts_on = forms.DateField(label="公示开始日期", widget=DATE)


class ObjectionForm(forms.Form):
    received_on = forms.DateField(label="收到日期", widget=DATE)
    summary = forms.CharField(label="异议内容摘要", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    raised_by = forms.CharField(label="反映人（可不填）", max_length=60, required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(label="处理结果", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RecommendForm(forms.Form):
    opinion = forms.CharField(label="单位推荐意见", widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class IdsField(forms.Field):
    """Several application ids from checkboxes named alike."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[int]:
        values = value if isinstance(value, list | tuple) else []
        if not values:
            raise forms.ValidationError("请至少勾选一份申报")
        if not all(str(v).isdigit() for v in values):
            raise forms.ValidationError("所选申报无效")
        return [int(v) for v in values]


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label="批量操作", choices=[("start_posting", "批量开始公示"), ("recommend", "批量推荐上报")]
    )
    ids = IdsField(label="申报")
    starts_on = forms.DateField(label="公示开始日期", widget=DATE, required=False)
    opinion = forms.CharField(
        label="推荐意见", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "start_posting" and not data.get("starts_on"):
            self.add_error("starts_on", "请选择公示开始日期")
        if data.get("action") == "recommend" and not (data.get("opinion") or "").strip():
            self.add_error("opinion", "请填写推荐意见")
        return data
