"""Input shapes of the expert pages; the rules are checked by the services."""

from typing import Any

from django import forms

from zhicheng.catalog.models import Committee
from zhicheng.experts.importing import IMPORT_MAX_BYTES
from zhicheng.experts.services import RETIRE_REASON_MAX


class IdListField(forms.Field):
    """The ids of the ticked rows (several inputs of one name)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": "请至少选择一名专家", "invalid": "所选专家无效，请刷新后重试"}

    def to_python(self, value: Any) -> list[int]:
        values = [str(v) for v in value or []]
        if not all(v.isdigit() for v in values):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return [int(v) for v in values]


class BulkForm(forms.Form):
    action = forms.ChoiceField(label="批量操作", choices=[("file", "备案"), ("retire", "退出")])
    ids = IdListField(label="专家")
    reason = forms.CharField(label="退出原因", max_length=RETIRE_REASON_MAX, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label="专家信息Excel文件（.xlsx）")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的Excel文件")
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError("文件不能超过5MB")
        return upload


class ConfidentialityForm(forms.Form):
    agree = forms.BooleanField(
        label="本人已阅读并同意遵守上述保密协议",
        error_messages={"required": "请先勾选“本人已阅读并同意遵守上述保密协议”"},
    )


class FilingForm(forms.Form):
    committee = forms.ModelChoiceField(label="评委会", queryset=Committee.objects.none())
    size = forms.IntegerField(label="评委会评审专家人数", min_value=1, max_value=999)
    vice_chairs = forms.IntegerField(label="副主任委员人数", min_value=0, max_value=99, initial=1)
    valid_from = forms.DateField(label="有效期自", widget=forms.DateInput(attrs={"type": "date"}))
    valid_until = forms.DateField(label="有效期至", widget=forms.DateInput(attrs={"type": "date"}))
    filed_experts = forms.IntegerField(
        label="申请备案的专家人数下限",
        min_value=1,
        max_value=999,
        required=False,
        help_text="人数少于25人（按系列组建）或11人（按专业组建）时填写，并说明理由",
    )
    reason = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, committees: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committee = self.fields["committee"]
        assert isinstance(committee, forms.ModelChoiceField)  # noqa: S101 - declared above
        committee.queryset = committees


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审核结果", choices=[("approve", "核准备案"), ("reject", "不予核准")])
    filing_number = forms.CharField(label="备案编号", max_length=60, required=False)
    note = forms.CharField(label="审核意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
