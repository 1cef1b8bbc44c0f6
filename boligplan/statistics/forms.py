"""The period a statistics page covers."""

import datetime

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.forms import DateInput, StyledForm

from . import disclosure
from .queries.scope import Period, default_period

EARLIEST = datetime.date(2000, 1, 1)
LONGEST_YEARS = 30


class PeriodForm(StyledForm):
    """Two dates, both included. Sent with GET, so the page and its downloads can be linked.

    With whole_years_only (the statistics role, and the national report for everyone) the period
    must be one calendar year that has ended: periods that overlap, nest or keep growing could be
    subtracted from each other to single out one stay (disclosure.py).
    """

    fra = forms.DateField(label=_lazy("Fra og med"), widget=DateInput())
    til = forms.DateField(label=_lazy("Til og med"), widget=DateInput())

    def __init__(self, *args, today: datetime.date, whole_years_only: bool = False, reason: str = "", **kwargs):
        self.today = today
        self.whole_years_only = whole_years_only
        self.reason = reason
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
            elif self.whole_years_only and not disclosure.is_whole_ended_year(start, end, today=self.today):
                year = disclosure.last_ended_year(self.today)
                self.add_error(
                    "fra",
                    _(
                        "%(reason)s Velg et helt kalenderår som er avsluttet, fra 1. januar til 31. desember, "
                        "for eksempel %(year)s."
                    )
                    % {"reason": self.reason, "year": year},
                )
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["fra"], self.cleaned_data["til"])


STATISTICS_ROLE_REASON = _lazy("Med rollen «Kun statistikk» vises tall bare for hele, avsluttede kalenderår.")
NATIONAL_REASON = _lazy("Den samlede rapporten lages bare for hele, avsluttede kalenderår.")


def period_form(params, *, today: datetime.date, whole_years_only: bool = False, reason: str = "") -> PeriodForm:
    """Bound to the query string when it names a period; otherwise the current year, or the last
    ended year when only whole ended years may be shown."""
    if "fra" in params or "til" in params:
        return PeriodForm(params, today=today, whole_years_only=whole_years_only, reason=str(reason))
    if whole_years_only:
        year = disclosure.last_ended_year(today)
        default = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    else:
        default = default_period(today)
    return PeriodForm(
        {"fra": default.start.isoformat(), "til": default.end.isoformat()},
        today=today,
        whole_years_only=whole_years_only,
        reason=str(reason),
    )
