from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.core.forms import DateInput, StyledForm, VersionedModelForm

from .checklist import checklist_items
from .choices import ChecklistChoice, MeasureKind
from .measures import EXPIRY_REMINDER_DAYS, reminder_days
from .models import SafeReturnAssessment, SafetyMeasure
from .rules import measure_problems, safe_return_problems
from .services import NOTE_MAX, ItemInput


def _add_problems(form, problems: dict) -> None:
    for field, message in problems.items():
        if field not in form.errors:  # one message per field: the first problem is the one to fix
            form.add_error(field, message)


class SafeReturnForm(VersionedModelForm):
    radio_fields = ("perpetrator_knowing_address_safe", "lease_sorted", "locks_changed", "conclusion")

    class Meta:
        model = SafeReturnAssessment
        exclude = ["id", "shelter", "stay", "assessed_on", "assessed_by"]
        widgets = {
            "reason": forms.Textarea(attrs={"rows": 3}),
            "locks_changed_on": DateInput(),
            "children_school": forms.Textarea(attrs={"rows": 2}),
            "children_activities": forms.Textarea(attrs={"rows": 2}),
            "children_friends": forms.Textarea(attrs={"rows": 2}),
            "police_involved": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "reason": gettext_lazy("Hva bygger vurderingen på? Skriv ikke adresser."),
            "locks_changed_on": gettext_lazy("Ved «planlagt»: når det skal gjøres. Ved «byttet»: når det ble gjort."),
            "children_school": gettext_lazy("Hva barna beholder ved å flytte hjem, og hva som må endres."),
            "police_involved": gettext_lazy(
                "Hvem i politiet dere har snakket med, og hva de vurderer. Tiltakene registreres for seg."
            ),
        }

    def __init__(self, *args, stay, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay, self.today = stay, today

    def clean(self):
        cleaned = super().clean()
        complete = bool(self.data.get("complete")) or bool(self.instance.pk and self.instance.is_complete)
        _add_problems(
            self, safe_return_problems(cleaned, arrival=self.stay.arrival_date, today=self.today, complete=complete)
        )
        return cleaned


class MeasureForm(VersionedModelForm):
    class Meta:
        model = SafetyMeasure
        fields = ["kind", "status", "requested_on", "decided_on", "valid_from", "expires_on", "note"]
        widgets = {
            "requested_on": DateInput(),
            "decided_on": DateInput(),
            "valid_from": DateInput(),
            "expires_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "kind": gettext_lazy(
                "Hvem som avgjør, hvor lenge tiltaket kan gjelde og hvor regelen står, finner du i «Om tiltakene» over."
            ),
            "requested_on": gettext_lazy("Når beboeren eller senteret ba politiet om tiltaket (begjæring)."),
            "decided_on": gettext_lazy("Når vedtaket ble gjort. Kan være før ankomst til senteret."),
            "expires_on": gettext_lazy(
                "Siste dag vedtaket gjelder. Påkrevd for besøksforbud, kontaktforbud i eget hjem og adressesperre; "
                "la stå tom bare når vedtaket ikke har sluttdato."
            ),
            "note": gettext_lazy("For eksempel hvem som fulgte opp. Skriv ikke adresser."),
        }

    def __init__(self, *args, stay, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay, self.today = stay, today
        self.fields["status"].help_text = _(
            "Et innvilget tiltak vises som utløpt når sluttdatoen er passert. "
            "Oversikten minner om det %(days)s dager før (adressesperre: %(block_days)s dager før)."
        ) % {"days": EXPIRY_REMINDER_DAYS, "block_days": reminder_days(MeasureKind.ADDRESS_BLOCK)}

    def clean(self):
        cleaned = super().clean()
        _add_problems(self, measure_problems(cleaned, arrival=self.stay.arrival_date, today=self.today))
        return cleaned


class ChecklistForm(StyledForm):
    """One answer and one note per checklist item, with the version each answer was loaded with."""

    def __init__(self, *args, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.answers = checklist_items(), answers
        for item in self.items:
            stored = answers.get(item.key)
            self.fields[f"answer_{item.key}"] = forms.ChoiceField(
                label=item.question,
                choices=ChecklistChoice.choices,
                required=False,
                widget=forms.RadioSelect,
                help_text=item.help,
                initial=stored.answer if stored else "",
            )
            self.fields[f"note_{item.key}"] = forms.CharField(
                label=_("Notat: %(title)s") % {"title": item.title},
                max_length=NOTE_MAX,
                required=False,
                initial=stored.note if stored else "",
            )
            self.fields[f"version_{item.key}"] = forms.IntegerField(
                label=_("Versjon"),
                min_value=0,
                required=False,
                widget=forms.HiddenInput,
                initial=stored.version if stored else 0,
            )
        # StyledForm styled the fields that existed when it ran; style the ones added here.
        for item in self.items:
            self.fields[f"note_{item.key}"].widget.attrs["class"] = "ds-input"

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            if cleaned.get(f"note_{item.key}") and not cleaned.get(f"answer_{item.key}"):
                self.add_error(f"answer_{item.key}", _("Velg et svar når du skriver et notat."))
        return cleaned

    def item_inputs(self) -> dict[str, ItemInput]:
        data = self.cleaned_data
        return {
            item.key: ItemInput(
                answer=data.get(f"answer_{item.key}") or "",
                note=(data.get(f"note_{item.key}") or "").strip(),
                version=data.get(f"version_{item.key}") or 0,
            )
            for item in self.items
        }

    def rows(self):
        """(item, answer field, note field, version field, stored answer or None) per item."""
        for item in self.items:
            fields = (self[f"{name}_{item.key}"] for name in ("answer", "note", "version"))
            yield item, *fields, self.answers.get(item.key)
