from django import forms
from django.utils.translation import gettext_lazy as _

from boligplan.core.forms import StyledForm


class DigestSettingsForm(StyledForm):
    wants_morning_digest = forms.BooleanField(
        label=_("Send meg morgenoversikten på e-post"),
        required=False,
        help_text=_(
            "Hver morgen: hvor mange av oppgavene dine som forfaller i dag, hvor mange som er forsinket, "
            "og en lenke til oppgavene. Ingen navn eller andre opplysninger om beboerne. "
            "Ingen e-post de dagene du ikke har noe som forfaller."
        ),
    )
