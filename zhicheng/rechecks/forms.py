"""The shape of a re-check request and of an answer; the rules live in services."""

from django import forms

from zhicheng.rechecks.models import Outcome


class RecheckForm(forms.Form):
    reason = forms.CharField(label="复查理由", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    evidence = forms.FileField(label="证据材料（可选，PDF、JPG或PNG，不超过10 MB）", required=False)
    confirm = forms.BooleanField(
        label="本人确认所述理由和证据真实，并知悉复查答复本身不会改变评审结果",
        error_messages={"required": "请确认后再提交复查申请"},
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label="复查结论", choices=Outcome.choices, widget=forms.RadioSelect)
    answer = forms.CharField(label="答复意见", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
