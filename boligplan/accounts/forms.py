from django import forms
from django.utils.translation import gettext_lazy

from boligplan.core.forms import StyledForm


class TokenForm(StyledForm):
    token = forms.CharField(
        label=gettext_lazy("Engangskode"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text=gettext_lazy("Seks sifre fra appen, eller en av gjenopprettingskodene dine."),
    )
