from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from boligplan.core.forms import DateInput, StayBound, StyledModelForm, VersionedModelForm, not_in_future
from boligplan.residents.forms import StaffChoiceField
from boligplan.residents.rules import check_not_before_arrival

from . import rules
from .models import RentalAd, RentalContact, RentalSearch, Viewing


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class AdForm(VersionedModelForm):
    # Declared here to say which scheme a bare "finn.no/…" gets; the model's validator allows http(s) only.
    link = forms.URLField(
        label=gettext_lazy("Lenke til annonsen"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=gettext_lazy("Valgfritt. Nettadressen til annonsen, for eksempel på finn.no."),
    )

    class Meta:
        model = RentalAd
        fields = ["area", "monthly_rent", "deposit", "rooms", "source", "link", "status"]
        widgets = {
            "monthly_rent": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "deposit": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "deposit": gettext_lazy("Høyst seks måneders husleie (husleieloven § 3-5). Skriv 0 hvis det ikke er noe."),
        }

    def clean_area(self):
        return rules.clean_area(self.cleaned_data.get("area", ""))

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_ad({name: cleaned.get(name) for name in ("link", "monthly_rent", "deposit")})
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class ContactForm(StayBound, StyledModelForm):
    """One line of the contact log, which is append-only: no version, no edit."""

    class Meta:
        model = RentalContact
        fields = ["kind", "contacted_on", "outcome"]
        widgets = {"contacted_on": DateInput(), "outcome": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"outcome": gettext_lazy("For eksempel «Ikke svar, ringer igjen fredag» eller «Visning avtalt».")}

    def clean_contacted_on(self):
        value = self.cleaned_data.get("contacted_on")
        check_not_before_arrival(self.stay, value)
        not_in_future(value)
        return value


class ViewingForm(StayBound, VersionedModelForm):
    staff = StaffChoiceField(
        label=gettext_lazy("Ansatt som blir med"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Ingen / ikke avklart"),
    )

    class Meta:
        model = Viewing
        fields = ["date", "starts_at", "ends_at", "staff", "note"]
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}
        help_texts = {
            "note": gettext_lazy("Ikke skriv adressen her. Merknaden kommer ikke med i kalenderfilen."),
        }

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_viewing(self.stay, {name: cleaned.get(name) for name in ("date", "starts_at", "ends_at")})
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class SearchForm(VersionedModelForm):
    class Meta:
        model = RentalSearch
        fields = ["household_monthly_income"]
        widgets = {"household_monthly_income": forms.NumberInput(attrs={"inputmode": "numeric"})}
