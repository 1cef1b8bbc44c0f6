from django import forms
from django.utils.translation import gettext_lazy as _

from boligplan.core.forms import DateInput, StyledModelForm, VersionedModelForm

from . import rules
from .models import CHILDREN_OFFERS, FollowUpContact, FollowUpPlan


class FollowUpPlanForm(VersionedModelForm):
    radio_fields = ("individual_plan",)

    class Meta:
        model = FollowUpPlan
        exclude = ["id", "shelter", "stay", "created_by"]
        widgets = {
            "safety_plan_updated_on": DateInput(),
            "next_follow_up_on": DateInput(),
            "ends_on": DateInput(),
            "other_services": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "safety_plan_updated_on": _("Datoen sikkerhetsplanen sist ble gått gjennom med beboeren."),
            "coordinator_name": _("For eksempel «Nav Fjordby, veileder for bolig». Ikke adresser."),
            "other_services": _("Hvem ellers som følger opp, for eksempel familievernkontoret eller psykisk helse."),
            "next_follow_up_on": _("Fra denne datoen står beboeren på listen over oppfølging som skal gjøres."),
            "ends_on": _("Når senterets oppfølging etter planen er ferdig. Kan stå tom."),
        }

    def __init__(self, *args, stay, has_children: bool, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay, self.today = stay, today
        if not has_children:
            # Without children on the stay, their part of the plan is neither shown nor changed.
            for name in CHILDREN_OFFERS:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        for field, message in rules.plan_date_errors(self.stay, cleaned, self.today).items():
            if field in cleaned:
                self.add_error(field, message)
        return cleaned


class FollowUpContactForm(StyledModelForm):
    next_follow_up_on = forms.DateField(
        label=_("Neste planlagte kontakt"),
        required=False,
        widget=DateInput(),
        help_text=_("Setter ny dato i planen. Står den tom, står beboeren fortsatt på listen hvis datoen er passert."),
    )

    class Meta:
        model = FollowUpContact
        fields = ["contacted_on", "kind", "with_children", "note"]
        widgets = {"contacted_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"note": _("Kort og saklig. Ikke skriv adresser.")}

    def __init__(self, *args, stay, plan, has_children: bool, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.stay, self.plan, self.today = stay, plan, today
        if not has_children:
            del self.fields["with_children"]

    def clean(self):
        cleaned = super().clean()
        errors = rules.contact_date_errors(
            self.stay,
            cleaned.get("contacted_on"),
            cleaned.get("next_follow_up_on"),
            self.today,
            ends_on=self.plan.ends_on if self.plan else None,
        )
        for field, message in errors.items():
            if field in cleaned or field not in self.fields:
                self.add_error(field if field in self.fields else None, message)
        return cleaned

    def values(self) -> dict:
        return dict(self.cleaned_data)
