from django import forms


class DecisionForm(forms.Form):
    meeting_on = forms.DateField(label="推委会会议日期", widget=forms.DateInput(attrs={"type": "date"}))
    is_recommended = forms.TypedChoiceField(
        label="推委会决定",
        choices=[("1", "推荐"), ("0", "不予推荐")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label="推荐意见", widget=forms.Textarea, max_length=2000)
