from django import forms

from zhicheng.accounts.models import Organization, OrgKind
from zhicheng.experts.models import Expert
from zhicheng.supervision.models import AssessmentKind, AssessmentResult, InspectionKind, SanctionKind

DATE = forms.DateInput(attrs={"type": "date"})


class SanctionForm(forms.Form):
    agency = forms.ModelChoiceField(label="评审机构", queryset=Organization.objects.filter(kind=OrgKind.AGENCY))
    kind = forms.ChoiceField(label="措施", choices=SanctionKind.choices)
    reason = forms.CharField(label="事由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    decision_number = forms.CharField(label="决定文号", max_length=80)
    starts_on = forms.DateField(label="起始日期", widget=DATE)
    remedy_due_on = forms.DateField(label="整改期限", required=False, widget=DATE)


class InspectionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label="被检查单位", queryset=Organization.objects.filter(kind__in=[OrgKind.AGENCY, OrgKind.UNIT])
    )
    kind = forms.ChoiceField(label="方式", choices=InspectionKind.choices)
    subject = forms.CharField(label="事项", max_length=200)
    findings = forms.CharField(label="检查结果", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    held_on = forms.DateField(label="日期", widget=DATE)


class DutyFailureForm(forms.Form):
    unit = forms.ModelChoiceField(label="单位", queryset=Organization.objects.filter(kind=OrgKind.UNIT))
    facts = forms.CharField(label="未履行审核责任的事实", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="处理措施", max_length=200)
    decision_number = forms.CharField(label="决定文号", max_length=80)
    on = forms.DateField(label="记录日期", widget=DATE)


class AssessmentForm(forms.Form):
    expert = forms.ModelChoiceField(label="专家", queryset=Expert.objects.order_by("name"))
    kind = forms.ChoiceField(label="类别", choices=AssessmentKind.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    result = forms.ChoiceField(label="结果", choices=AssessmentResult.choices)
    valid_until = forms.DateField(label="复核有效期至", required=False, widget=DATE)
    note = forms.CharField(label="说明", max_length=200, required=False)
