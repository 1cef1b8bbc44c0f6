"""Form helpers shared by every app: Designsystemet markup and error wiring."""

import datetime
import unicodedata
from typing import Any, cast

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .concurrency import NEW_RECORD_VERSION


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Plausible input, checked on every form (StyledForm) so that no form can forget it.
# A date before 1900 or more than ten years ahead is a typo or a probe, never a shelter's case:
# ten years covers the longest dated things we record (a kontaktforbud of up to five years,
# three-year municipal leases, appeal deadlines), and 1900 is older than any stay or plan.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_YEARS_AHEAD = 10


def latest_plausible_date() -> datetime.date:
    return today() + relativedelta(years=LATEST_YEARS_AHEAD)  # 29 February: the 28th


def plausible_date(value) -> None:
    """Refuse a date outside EARLIEST_DATE … ten years from today (a datetime by its date)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day < EARLIEST_DATE:
        raise ValidationError(
            _("Datoen kan ikke være før %(year)s. Sjekk årstallet.") % {"year": EARLIEST_DATE.year},
            code="date_too_early",
        )
    if day > latest_plausible_date():
        raise ValidationError(
            _("Datoen kan ikke være mer enn %(years)s år fram i tid. Sjekk årstallet.") % {"years": LATEST_YEARS_AHEAD},
            code="date_too_late",
        )


# Line and paragraph separators break a line as surely as CR and LF do.
_LINE_BREAKS = {"\r", "\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"}


def one_line(value: str) -> None:
    """A one-line field holds no line break or other control character (they end up in letters,
    calendar files and CSV cells, where a line break starts a new line or a new header)."""
    if any(char in _LINE_BREAKS or (unicodedata.category(char) == "Cc" and char != "\t") for char in value):
        raise ValidationError(_("Feltet kan bare ha én linje, uten linjeskift."), code="line_break")


def ascii_digits(value: str) -> None:
    """Numbers and dates are written with the digits 0–9: Python would also read "１９８５" or
    "١٩٨٥" as 1985, so a value no one can see is what it seems would be stored."""
    if any(not char.isascii() and (char.isdigit() or char.isnumeric()) for char in value):
        raise ValidationError(_("Skriv tallet med vanlige sifre (0–9)."), code="non_ascii_digits")


_NUMERIC_OR_TEMPORAL = (
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.DateField,
    forms.DateTimeField,
    forms.TimeField,
)


def guard_field(field: forms.Field) -> None:
    """Give one form field the input checks above (once; the field is the form's own copy)."""
    if getattr(field, "_boligplan_guarded", False):
        return
    field._boligplan_guarded = True  # type: ignore[attr-defined]  # a mark of our own on the field
    checks = []
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
        checks.append(one_line)
    if isinstance(field, _NUMERIC_OR_TEMPORAL):
        checks.append(ascii_digits)
    if checks:
        parse = field.to_python

        def to_python(value, parse=parse, checks=tuple(checks)):
            if isinstance(value, str):
                for check in checks:
                    check(value)
            return parse(value)

        field.to_python = to_python  # type: ignore[method-assign]  # wrapped, on this copy only
    if isinstance(field, forms.DateField | forms.DateTimeField):
        field.validators.append(plausible_date)


def _choices(field: forms.ChoiceField) -> list[tuple[Any, Any]]:
    """A choice field's flat (value, label) pairs, as Django has normalised them."""
    return cast(list[tuple[Any, Any]], field.choices)


class StyledForm(forms.Form):
    """Adds Designsystemet classes, and the input checks every form shares (guard_field).

    Django itself marks invalid fields (aria-invalid) and points aria-describedby at
    `<id>_helptext` and `<id>_error`; includes/field.html gives those ids to the texts.
    """

    # Fields with a few short answers (yes / no / uncertain) shown as a radio group: every answer
    # is visible and one tap chooses it, where a drop-down needs two and hides the options. The
    # names and values stay those of the select, so what is posted does not change.
    radio_fields: tuple[str, ...] = ()

    def full_clean(self):
        # Here rather than in __init__: some forms add fields after it (the checklist's items).
        for field in self.fields.values():
            guard_field(field)
        super().full_clean()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.MultipleChoiceField | forms.ModelChoiceField
            ):
                if name in self.radio_fields:
                    # A radio cannot be unticked, so "no answer yet" is an answer of its own.
                    field.widget = forms.RadioSelect()
                    field.choices = [
                        (value, _("Ikke besvart") if value == "" else label) for value, label in _choices(field)
                    ]
                else:
                    # Django's "---------" means nothing to a reader; say what the blank choice is.
                    field.choices = [(value, _("Velg …") if value == "" else label) for value, label in _choices(field)]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "ds-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded with (see core/concurrency.py).

    0 (NEW_RECORD_VERSION) means the form was loaded when there was no record yet, so that a
    record someone else created meanwhile is a conflict, not something to overwrite.
    """

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=NEW_RECORD_VERSION, widget=forms.HiddenInput, **kwargs)


class StyledModelForm(StyledForm, forms.ModelForm):
    pass


class StayBound:
    """A form whose rules read the stay it is about (its arrival, its dates): the view passes `stay=`.

    Put it first among the bases, before the Django form class it is mixed into.
    """

    def __init__(self, *args, stay, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay = stay


class VersionedModelForm(StyledModelForm):
    """A model form that carries the version of the record it was loaded with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField()
        if self.instance is not None and self.instance.pk is not None and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version
        else:
            self.fields["version"].initial = NEW_RECORD_VERSION

    def values(self) -> dict:
        """The cleaned input without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def today() -> datetime.date:
    return timezone.localdate()


def not_in_future(value: datetime.date | None, message: str | None = None) -> None:
    if value is not None and value > today():
        raise ValidationError(message or _("Datoen kan ikke være fram i tid."))


HOURS, AROUND_THE_CLOCK = "arbeidstid", "dognbemannet"


class ShelterSettingsForm(StyledForm):
    version = VersionField()
    assessment_due_days = forms.IntegerField(
        label=_lazy("Frist for boligkartlegging"),
        help_text=_lazy(
            "Antall dager etter ankomst. Kartlegginger som ikke er fullført innen fristen, vises som forsinket."
        ),
        min_value=0,
        max_value=60,
    )
    staffing = forms.ChoiceField(
        label=_lazy("Bemanning"),
        help_text=_lazy(
            "Brukes av Tilsyn: bruk utenfor arbeidstiden markeres der. "
            "Et døgnbemannet senter får ingen slike markeringer."
        ),
        choices=[(HOURS, _lazy("Faste arbeidstider")), (AROUND_THE_CLOCK, _lazy("Døgnbemannet"))],
        widget=forms.RadioSelect,
        # Left out of a post (an older form), the stored choice is kept.
        required=False,
    )
    working_hours_start = forms.IntegerField(
        label=_lazy("Arbeidstiden begynner kl."),
        help_text=_lazy("Hel time, 0–23."),
        min_value=0,
        max_value=23,
        required=False,
    )
    working_hours_end = forms.IntegerField(
        label=_lazy("Arbeidstiden slutter kl."),
        help_text=_lazy("Hel time, 1–24. Bruk fra og med denne timen markeres."),
        min_value=1,
        max_value=24,
        required=False,
    )

    municipal_login = forms.ChoiceField(
        label=_lazy("Innlogging gjennom kommunen"),
        help_text=_lazy(
            "Velg dette for at ansatte skal kunne logge inn med kommunens innlogging "
            "i stedet for brukernavn og passord. "
            "Bare kontoer som finnes her fra før, med den samme e-postadressen, slipper inn. "
            "Koden fra tofaktorappen trengs fortsatt, med mindre kommunen selv har bedt om en ekstra faktor."
        ),
        choices=[("nei", _lazy("Bare brukernavn og passord")), ("ja", _lazy("Også kommunens innlogging"))],
        widget=forms.RadioSelect,
        # Left out of a post (an older form, or no provider configured), the stored choice is kept.
        required=False,
    )

    def clean(self):
        cleaned = cast(dict[str, Any], super().clean())
        if cleaned.get("staffing") != HOURS:
            return cleaned
        start, end = cleaned.get("working_hours_start"), cleaned.get("working_hours_end")
        for name, value in (("working_hours_start", start), ("working_hours_end", end)):
            if value is None and name not in self.errors:
                self.add_error(name, _("Skriv timen, eller velg døgnbemannet."))
        if start is not None and end is not None and start >= end:
            self.add_error("working_hours_end", _("Arbeidstiden må slutte etter at den begynner."))
        return cleaned

    def settings_values(self) -> dict:
        """The cleaned input as the service takes it; staffing not posted leaves the hours as they are."""
        values = {"assessment_due_days": self.cleaned_data["assessment_due_days"]}
        if self.cleaned_data.get("municipal_login"):
            values["municipal_login"] = self.cleaned_data["municipal_login"] == "ja"
        staffing = self.cleaned_data.get("staffing")
        if staffing == AROUND_THE_CLOCK:
            values["around_the_clock"] = True
        elif staffing == HOURS:
            values["around_the_clock"] = False
            values["working_hours"] = (self.cleaned_data["working_hours_start"], self.cleaned_data["working_hours_end"])
        return values

    @staticmethod
    def initial_for(shelter, *, default_hours: tuple[int, int]) -> dict:
        start, end = shelter.working_hours_start, shelter.working_hours_end
        if start is None or end is None:
            start, end = default_hours
        return {
            "assessment_due_days": shelter.assessment_due_days,
            "staffing": AROUND_THE_CLOCK if shelter.around_the_clock else HOURS,
            "working_hours_start": start,
            "working_hours_end": end,
            "municipal_login": "ja" if shelter.municipal_login else "nei",
            "version": shelter.version,
        }


def with_version(data, version: int):
    """A copy of submitted form data that carries `version`: for re-showing a form after a conflict."""
    copy = data.copy()
    copy["version"] = str(version)
    return copy


def split_version(cleaned_data: dict) -> tuple[dict, int | None]:
    """(the form's values without the version, the version it was loaded with)."""
    values = {name: value for name, value in cleaned_data.items() if name != "version"}
    return values, cleaned_data.get("version")
