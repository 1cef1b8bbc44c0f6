"""The period a statistics page covers."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.forms import DateInput, StyledForm

from .statistics import Period, default_period

EARLIEST = datetime.date(2000, 1, 1)
LONGEST_YEARS = 30


class PeriodForm(StyledForm):
    """Two dates, both included. Sent with GET, so the page and its downloads can be linked."""

    fra = forms.DateField(label=_lazy("Fra og med"), widget=DateInput())
    til = forms.DateField(label=_lazy("Til og med"), widget=DateInput())

    def __init__(self, *args, today: datetime.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_fra(self):
        start = self.cleaned_data["fra"]
        if start < EARLIEST:
            raise forms.ValidationError(_("Velg en dato fra og med 1. januar 2000."))
        if start > self.today:
            raise forms.ValidationError(_("Perioden kan ikke starte fram i tid."))
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("fra"), cleaned.get("til")
        if start and end:
            if end < start:
                self.add_error("til", _("Til-datoen må være samme dag som eller etter fra-datoen."))
            elif end.year - start.year > LONGEST_YEARS:
                self.add_error("til", _("Perioden kan være høyst %(years)s år.") % {"years": LONGEST_YEARS})
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["fra"], self.cleaned_data["til"])


def period_form(params, *, today: datetime.date) -> PeriodForm:
    """Bound to the query string when it names a period; otherwise the current year."""
    if "fra" in params or "til" in params:
        return PeriodForm(params, today=today)
    default = default_period(today)
    return PeriodForm({"fra": default.start.isoformat(), "til": default.end.isoformat()}, today=today)
