from django import forms

from zhicheng.comparison.models import FindingStatus


class ConclusionForm(forms.Form):
    status = forms.ChoiceField(
        label="核查结论",
        choices=[(FindingStatus.EXPLAINED.value, "已核实，情况正常"), (FindingStatus.FRAUD.value, "认定弄虚作假")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="核查说明", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
