"""The queue's filters, read from the URL (GET) and checked like any other input."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from boligplan.core.forms import StyledForm
from boligplan.housing.choices import ResponsibleParty

from .selectors import WARNINGS, Filters

DOTTED = re.compile(r"^[a-z_]{1,30}(\.[a-z_]{1,30}){1,3}$")


class QueueFilterForm(StyledForm):
    mine = forms.BooleanField(label=_("Bare mine"), required=False)
    ansatt = forms.ChoiceField(label=_("Ansatt"), required=False)
    ansvarlig = forms.ChoiceField(
        label=_("Hvem har ansvaret"), required=False, choices=[("", _("Alle")), *ResponsibleParty.choices]
    )
    beboer = forms.ChoiceField(label=_("Beboer"), required=False)
    varsel = forms.ChoiceField(
        label=_("Varsel fra oversikten"), required=False, choices=[("", _("Alle")), *WARNINGS.items()]
    )

    def __init__(self, data, *, staff, stays):
        super().__init__(data)
        self.fields["ansatt"].choices = [("", _("Alle"))] + [(str(person.pk), person.display_name) for person in staff]
        self.fields["beboer"].choices = [("", _("Alle"))] + [
            (str(stay.pk), stay.resident.display_name) for stay in stays
        ]
        # A reminder kind that an app adds later (core/reminders.py) is still a valid filter: it
        # shows the items of the residents who have that reminder. Anything not shaped like a
        # kind is refused.
        wanted = (data or {}).get("varsel", "")
        if wanted and wanted not in WARNINGS and DOTTED.match(wanted):
            self.fields["varsel"].choices = [*self.fields["varsel"].choices, (wanted, wanted)]
        # StyledForm turned the blank choices into "Velg …"; here a blank filter means "all".
        for name in ("ansatt", "ansvarlig", "beboer", "varsel"):
            self.fields[name].choices = [
                (value, _("Alle") if value == "" else label) for value, label in self.fields[name].choices
            ]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            mine=data["mine"],
            staff_id=int(data["ansatt"]) if data["ansatt"] else None,
            party=data["ansvarlig"],
            stay_id=data["beboer"],
            warning=data["varsel"],
        )
