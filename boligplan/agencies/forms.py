import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.core.forms import StyledForm, StyledModelForm

from . import selectors
from .models import Agency

_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]*$")


def clean_phone_number(value: str) -> str:
    value = " ".join(value.split())
    if not value:
        return value
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 3 <= digits <= 15:
        raise ValidationError(
            _("Skriv telefonnummeret med sifre, for eksempel 22 33 44 55 eller +47 22 33 44 55."), code="phone"
        )
    return value


def municipality_from_text(text: str):
    """The municipality a person meant: a number (also an earlier one), "3301 Drammen" or a name."""
    text = " ".join((text or "").split())
    if not text:
        return None
    number = text.split(" ", 1)[0]
    if number.isdigit():
        municipality = selectors.municipality_for_number(number)
        if municipality is None:
            raise ValidationError(_("Fant ingen kommune med nummer %(number)s.") % {"number": number}, code="unknown")
        return municipality
    matches = selectors.municipalities_named(text)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ValidationError(
            _("Flere kommuner heter %(name)s. Skriv kommunenummeret, for eksempel %(example)s.")
            % {"name": text, "example": matches[0].number},
            code="ambiguous",
        )
    raise ValidationError(_("Fant ingen kommune som heter %(name)s.") % {"name": text}, code="unknown")


class AgencyForm(StyledModelForm):
    municipality = forms.CharField(
        label=gettext_lazy("Kommune"),
        required=False,
        max_length=90,
        help_text=gettext_lazy("Kommunenummer eller navn, for eksempel 3301 eller Drammen. Gamle numre godtas."),
        widget=forms.TextInput(attrs={"list": "municipality-options", "autocomplete": "off"}),
    )

    class Meta:
        model = Agency
        fields = ["kind", "name", "municipality", "phone", "email", "address", "opening_hours", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "address": gettext_lazy("Kontorets offentlige adresse."),
            "notes": gettext_lazy("For eksempel hvem som er fast kontakt eller hvordan de foretrekker henvendelser."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.input_type = "email"
        self.fields["phone"].widget.input_type = "tel"
        if self.instance.municipality_id and not self.is_bound:
            self.initial["municipality"] = self.instance.municipality.label

    def clean_municipality(self):
        return municipality_from_text(self.cleaned_data.get("municipality", ""))

    def clean_phone(self):
        return clean_phone_number(self.cleaned_data.get("phone", ""))

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MunicipalityChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})"


class PartnerMunicipalitiesForm(StyledForm):
    municipalities = MunicipalityChoices(
        label=gettext_lazy("Samarbeidskommuner i fylket"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Kommunene senteret tar imot beboere fra. Valg i andre fylker beholdes."),
    )

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipalities"]
        field.queryset = selectors.municipalities_in_county(county)
        # Shown in Norwegian alphabetical order; validation still goes through the queryset.
        field.choices = [
            (m.pk, field.label_from_instance(m))
            for m in sorted(field.queryset, key=lambda m: selectors.norwegian_sort_key(m.name))
        ]


class NumberLookupForm(StyledForm):
    kommunenummer = forms.CharField(
        label=gettext_lazy("Kommunenummer"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("Fire sifre. Også numre fra før 2024 og 2020."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_kommunenummer(self):
        number = selectors.normalise_number(self.cleaned_data.get("kommunenummer", ""))
        if number is None:
            raise ValidationError(_("Skriv fire sifre, for eksempel 0301."), code="format")
        return number
