"""Input shapes of the agency's pages; the rules are checked by the services."""

from typing import Any

from django import forms
from django.forms import formset_factory

from zhicheng.agency_review.services import ItemInput
from zhicheng.agency_review.targets import correction_targets


class CorrectionItemForm(forms.Form):
    target = forms.ChoiceField(label="补正项目", required=False)
    problem = forms.CharField(
        label="存在问题", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    requirement = forms.CharField(
        label="补正要求", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ChoiceField)  # noqa: S101 - declared above
        target.choices = [("", "请选择…"), *correction_targets().items()]

    def item(self) -> ItemInput | None:
        """The row as an item, or None when left entirely blank."""
        data = self.cleaned_data
        if not any(data.get(name) for name in ("target", "problem", "requirement")):
            return None
        return ItemInput(data.get("target", ""), data.get("problem", ""), data.get("requirement", ""))


CorrectionFormSet = formset_factory(CorrectionItemForm, extra=5, max_num=30, validate_max=True)


class ApproveForm(forms.Form):
    payment_due_on = forms.DateField(label="缴费截止日期", widget=forms.DateInput(attrs={"type": "date"}))
