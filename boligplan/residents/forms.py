from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.audit.choices import AccessReason
from boligplan.core.forms import DateInput, StayBound, StyledForm, VersionField, not_in_future, today

from .choices import AddressProtection, Destination, Permanence, TemporaryReason, WaitCause
from .rules import check_not_before_arrival, departure_date_problem, permanence_problem

MIN_BIRTH_YEAR = 1900


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class ArrivalFields(StyledForm):
    arrival_date = forms.DateField(label=gettext_lazy("Ankomstdato"), widget=DateInput())
    contact_person = StaffChoiceField(label=gettext_lazy("Kontaktperson"), queryset=None, empty_label="—")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = staff

    def clean_arrival_date(self):
        value = self.cleaned_data["arrival_date"]
        not_in_future(value, _("Ankomstdatoen kan ikke være fram i tid."))
        return value


class ResidentRegisterForm(ArrivalFields):
    display_name = forms.CharField(
        label=gettext_lazy("Navn eller initialer"),
        max_length=120,
        help_text=gettext_lazy("Bruk det senteret har bestemt: fullt navn eller bare initialer."),
    )
    birth_year = forms.IntegerField(label=gettext_lazy("Fødselsår"))
    # The one-time token of this form (core/once.py): sending it twice registers one resident.
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    field_order = ["display_name", "birth_year", "arrival_date", "contact_person"]

    def clean_display_name(self):
        value = self.cleaned_data["display_name"].strip()
        if not value:
            raise forms.ValidationError(_("Skriv navn eller initialer."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"]
        this_year = today().year
        if not MIN_BIRTH_YEAR <= value <= this_year - 16:
            raise forms.ValidationError(
                _("Fødselsåret må være mellom %(low)s og %(high)s.") % {"low": MIN_BIRTH_YEAR, "high": this_year - 16}
            )
        return value


class StayOpenForm(ArrivalFields):
    """A new stay for someone who has been here before."""


class ReadyToMoveForm(StayBound, StyledForm):
    version = VersionField()
    ready_to_move_date = forms.DateField(label=gettext_lazy("Klar til å flytte"), widget=DateInput())
    planned_departure_date = forms.DateField(
        label=gettext_lazy("Planlagt utflytting"),
        widget=DateInput(),
        required=False,
        help_text=gettext_lazy("Når flyttingen er avtalt. Barna skal få vite hva som skjer før de flytter."),
    )
    wait_cause = forms.ChoiceField(
        label=gettext_lazy("Hva venter beboeren på?"),
        choices=[("", "—"), *WaitCause.choices],
        required=False,
    )

    def clean_ready_to_move_date(self):
        value = self.cleaned_data["ready_to_move_date"]
        check_not_before_arrival(self.stay, value)
        if self.stay.departure_date and value > self.stay.departure_date:
            raise forms.ValidationError(_("Datoen kan ikke være etter utflyttingen."))
        return value

    def clean_planned_departure_date(self):
        value = self.cleaned_data.get("planned_departure_date")
        check_not_before_arrival(self.stay, value)
        return value


class DepartureForm(StayBound, StyledForm):
    version = VersionField()
    departure_date = forms.DateField(label=gettext_lazy("Utflyttingsdato"), widget=DateInput())
    destination = forms.ChoiceField(label=gettext_lazy("Flytter til"), choices=[("", "—"), *Destination.choices])
    permanence = forms.ChoiceField(
        label=gettext_lazy("Er boligen varig eller midlertidig?"),
        choices=Permanence.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Midlertidig botilbud fra Nav, et annet krisesenter og familie eller venner "
            "er alltid midlertidige løsninger (Bufdirs krisesenterveileder: unngå midlertidige løsninger)."
        ),
    )
    temporary_reason = forms.ChoiceField(
        label=gettext_lazy("Hvorfor en midlertidig løsning?"),
        choices=[("", "—"), *TemporaryReason.choices],
        required=False,
        help_text=gettext_lazy("Svar ved midlertidig bolig. Det blir en oppfølgingsoppgave om veien til varig bolig."),
    )

    def clean(self):
        cleaned = super().clean()
        destination, permanence = cleaned.get("destination"), cleaned.get("permanence")
        if problem := permanence_problem(destination, permanence):
            self.add_error("permanence", problem)
        elif permanence == Permanence.TEMPORARY and not cleaned.get("temporary_reason"):
            self.add_error("temporary_reason", _("Skriv hvorfor det blir en midlertidig løsning."))
        return cleaned

    def clean_departure_date(self):
        value = self.cleaned_data["departure_date"]
        if problem := departure_date_problem(self.stay, value):
            raise forms.ValidationError(problem)
        not_in_future(value, _("Utflytting registreres når den har skjedd, ikke på forhånd."))
        return value


class JournalNoteForm(StyledForm):
    text = forms.CharField(
        label=gettext_lazy("Nytt notat"),
        max_length=5000,
        error_messages={"required": gettext_lazy("Notatet er tomt.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_text(self):
        value = self.cleaned_data["text"].strip()
        if not value:
            raise forms.ValidationError(_("Notatet er tomt."))
        return value


class ContactPersonForm(StyledForm):
    version = VersionField()
    contact_person = StaffChoiceField(label=gettext_lazy("Kontaktperson"), queryset=None, empty_label="—")

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = staff


class NewHomeAddressForm(StyledForm):
    version = VersionField()
    address = forms.CharField(
        label=gettext_lazy("Adresse til ny bolig"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Gate, nummer, postnummer og sted. Tomt felt sletter adressen."),
    )


class ProtectionForm(StyledForm):
    version = VersionField()
    grading = forms.ChoiceField(
        label=gettext_lazy("Adressebeskyttelse i Folkeregisteret"),
        choices=AddressProtection.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Politiet bestemmer graderingen. Registrer den slik den er vedtatt."),
    )


REVEAL_REASONS = [
    (code, label)
    for code, label in AccessReason.choices
    if code not in (AccessReason.ACCESS_REQUEST, AccessReason.SUPERVISION)
]


class RevealForm(StyledForm):
    reason = forms.ChoiceField(
        label=gettext_lazy("Hvorfor trenger du adressen nå?"), choices=REVEAL_REASONS, widget=forms.RadioSelect
    )
    password = forms.CharField(
        label=gettext_lazy("Passordet ditt"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
        help_text=gettext_lazy("Bekreft at det er deg. Du slipper dette igjen de neste fem minuttene."),
    )

    def __init__(self, *args, user, needs_password: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_password = needs_password
        if not needs_password:
            del self.fields["password"]

    def clean_password(self):
        value = self.cleaned_data.get("password", "")
        if self.needs_password and not self.user.check_password(value):
            raise forms.ValidationError(_("Passordet stemmer ikke."))
        return ""  # never kept beyond the check


class ResidentSearchForm(StyledForm):
    """Search by name, initials, part of a name or birth year. Posted, never put in a URL."""

    q = forms.CharField(
        label=gettext_lazy("Navn, initialer eller fødselsår"),
        max_length=120,
        help_text=gettext_lazy("For eksempel «tone», «T.H.» eller «tone 1990». Søket gjelder bare ditt krisesenter."),
    )

    def clean_q(self):
        text = " ".join(self.cleaned_data["q"].split())
        if len(text.replace(".", "")) < 2:
            raise forms.ValidationError(_("Skriv minst to tegn."))
        return text
