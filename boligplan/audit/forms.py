"""The filters on the leader's review page (Tilsyn). Read from the query string, never trusted."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.core.forms import StyledForm

# A page number beyond this is a typing error or a probe; no shelter has this many pages.
MAX_PAGE = 100_000


class ReviewFilterForm(StyledForm):
    regel = forms.ChoiceField(label=gettext_lazy("Regel"), required=False, widget=forms.RadioSelect)
    ansatt = forms.ChoiceField(label=gettext_lazy("Ansatt"), required=False)

    def __init__(self, data, *, rule_choices, staff):
        """rule_choices: (value, label) for every rule; staff: the shelter's accounts, by name."""
        super().__init__(data)
        self.fields["regel"].choices = [("", _("Alle regler")), *rule_choices]
        self.fields["ansatt"].choices = [("", _("Alle ansatte")), *((str(user.pk), name) for user, name in staff)]
        self.fields["regel"].error_messages["invalid_choice"] = _("Velg en av reglene i listen.")
        self.fields["ansatt"].error_messages["invalid_choice"] = _("Velg en ansatt fra listen.")

    def clean(self):
        cleaned = super().clean()
        # The page number comes from the pager's links, not from a field the user fills in.
        raw = self.data.get("side", "") or "1"
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
            raise forms.ValidationError(_("Sidetallet i adressen er ugyldig. Bruk lenkene nederst på siden."))
        cleaned["side"] = int(raw)
        return cleaned
