from django import forms

from zhicheng.integrity.models import AppealStatus, RecordKind

DATE = forms.DateInput(attrs={"type": "date"})


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=RecordKind.choices)
    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="证件号码", max_length=40)
    reason = forms.CharField(label="失信事实", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    decision_number = forms.CharField(label="处理决定文号", max_length=80)
    recorded_on = forms.DateField(label="记录日期", widget=DATE)
    expires_on = forms.DateField(label="记录届满日期", required=False, widget=DATE, help_text="留空则为记录日期起3年")
    evidence = forms.FileField(label="证据材料（PDF或图片）", required=False)


class ProposalForm(forms.Form):
    facts = forms.CharField(label="弄虚作假事实", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label="证据材料（PDF或图片）", required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="决定",
        choices=[("cancel", "取消申报资格并记入诚信档案"), ("dismiss", "不予认定")],
        widget=forms.RadioSelect,
    )
    decision_number = forms.CharField(label="处理决定文号", max_length=80, required=False)
    is_serious = forms.BooleanField(label="情节严重（3年内不得晋升职称和岗位）", required=False)
    note = forms.CharField(label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label="撤销理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class AppealForm(forms.Form):
    appeal = forms.CharField(label="申诉情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    appeal_status = forms.ChoiceField(label="申诉状态", choices=AppealStatus.choices)
