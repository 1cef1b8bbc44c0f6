from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.core.forms import DateInput, StyledModelForm, VersionedModelForm, not_in_future, today
from boligplan.residents.forms import StaffChoiceField
from boligplan.residents.rules import check_not_before_arrival

from .choices import MovePhase
from .models import Child, ChildInformation, ChildMove, ChildWish


class ChildForm(VersionedModelForm):
    radio_fields = ("keeps_school", "keeps_activities", "keeps_friends")
    contact_person = StaffChoiceField(
        label=gettext_lazy("Barnets kontaktperson"), queryset=None, required=False, empty_label="—"
    )

    class Meta:
        model = Child
        fields = [
            "first_name",
            "birth_year",
            "contact_person",
            "school",
            "activities",
            "keeps_school",
            "keeps_activities",
            "keeps_friends",
            "plan_before",
            "plan_during",
            "plan_after",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("plan_before", "plan_during", "plan_after")}
        help_texts = {
            "school": gettext_lazy("Bare navnet. Aldri adresse."),
            "keeps_school": gettext_lazy("Gjelder boligen dere går videre til."),
            "plan_before": gettext_lazy("Skrevet til barnet. Kommer med i barnets plan."),
        }

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = contacts

    def clean_first_name(self):
        value = self.cleaned_data["first_name"].strip()
        if not value:
            raise forms.ValidationError(_("Skriv barnets fornavn."))
        return value

    def clean_birth_year(self):
        value = self.cleaned_data["birth_year"]
        this_year = today().year
        if not this_year - 18 <= value <= this_year:
            raise forms.ValidationError(
                _("Et barn er født mellom %(low)s og %(high)s.") % {"low": this_year - 18, "high": this_year}
            )
        return value


class _DatedEntryForm(StyledModelForm):
    """Entries about a child: dated no later than today and no earlier than the stay began."""

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child

    def _clean_date(self, value, *, not_before_arrival: bool = True):
        if value is not None:
            not_in_future(value)
            if not_before_arrival:
                check_not_before_arrival(self.child.stay, value)
        return value


class ChildWishForm(_DatedEntryForm):
    class Meta:
        model = ChildWish
        fields = ["asked_on", "words"]
        widgets = {"asked_on": DateInput(), "words": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"words": gettext_lazy("Skriv det barnet sa, så nær barnets egne ord som mulig.")}

    def clean_asked_on(self):
        return self._clean_date(self.cleaned_data["asked_on"])

    def clean_words(self):
        value = self.cleaned_data["words"].strip()
        if not value:
            raise forms.ValidationError(_("Skriv hva barnet sa."))
        return value


class ChildInformationForm(_DatedEntryForm):
    class Meta:
        model = ChildInformation
        fields = ["told_on", "phase", "what_told", "reaction"]
        widgets = {
            "told_on": DateInput(),
            "phase": forms.RadioSelect,
            "what_told": forms.Textarea(attrs={"rows": 3}),
            "reaction": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio group offers the phases only: an empty "Velg …" is not a phase one can choose.
        self.fields["phase"].choices = MovePhase.choices

    def clean_told_on(self):
        return self._clean_date(self.cleaned_data["told_on"])


class ChildMoveForm(_DatedEntryForm):
    class Meta:
        model = ChildMove
        fields = ["kind", "moved_on", "temporary", "school_changed"]
        widgets = {"moved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Arrival and departure are counted by themselves; staff add the others.
        self.fields["kind"].choices = [
            choice for choice in self.fields["kind"].choices if choice[0] in ("", "for_krisesenter", "etter_opphold")
        ]

    def clean_moved_on(self):
        # Moves before the shelter are dated before arrival on purpose; clean() checks each kind.
        return self._clean_date(self.cleaned_data.get("moved_on"), not_before_arrival=False)

    def clean(self):
        cleaned = super().clean()
        kind, moved_on, stay = cleaned.get("kind"), cleaned.get("moved_on"), self.child.stay
        if kind == "for_krisesenter" and moved_on and moved_on > stay.arrival_date:
            self.add_error("moved_on", _("En flytting før krisesenteret må være før ankomstdatoen."))
        if kind == "etter_opphold" and stay.departure_date is None:
            self.add_error("kind", _("Flyttinger etter oppholdet registreres når oppholdet er avsluttet."))
        elif kind == "etter_opphold" and moved_on and moved_on < stay.departure_date:
            self.add_error("moved_on", _("En flytting etter oppholdet må være etter utflyttingen."))
        return cleaned
