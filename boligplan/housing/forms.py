from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boligplan.core.forms import DateInput, StayBound, StyledForm, VersionedModelForm, not_in_future, today
from boligplan.residents.forms import StaffChoiceField

from . import rules
from .choices import APPEALABLE_STATUSES, Agency, ApplicationStatus, Track
from .models import Application, HousingAssessment, Notification, Task


class SentOnRule(StayBound):
    """Sent during the stay and not later than today: a notification and an application alike
    (housing/rules.sent_on_problem, which the services ask too)."""

    def clean_sent_on(self):
        value = self.cleaned_data.get("sent_on")
        if message := rules.sent_on_problem(self.stay, value, today=today()):
            raise forms.ValidationError(message)
        return value


def _add_problems(form, problems: dict[str, list[str]]) -> None:
    """Each rule is written once (housing/rules.py); the form puts its messages by their fields,
    leaving a field that its own checks (a date that is no date, say) already refused."""
    already = set(form.errors)
    for field, messages in problems.items():
        if field not in already:
            for message in messages:
                form.add_error(field, message)


class AssessmentForm(VersionedModelForm):
    # Every answer with a few short choices is a radio group: seen at once, one tap each.
    radio_fields = (
        "previous_home_type",
        "lease_holder",
        "perpetrator_lives_there",
        "perpetrator_knows_address",
        "return_safe",
        "return_possible",
        "new_home_needed",
        "direction",
        "income_source",
        "debt_problems",
        "can_pay_deposit",
    )

    class Meta:
        model = HousingAssessment
        exclude = ["id", "shelter", "stay", "completed_on", "completed_by"]
        widgets = {
            "return_safe_reason": forms.Textarea(attrs={"rows": 3}),
            "resident_wishes": forms.Textarea(attrs={"rows": 3}),
        }
        # The group's heading already says "Tidligere bolig"; the question under it asks which kind.
        labels = {"previous_home_type": gettext_lazy("Type bolig")}
        help_texts = {
            "new_home_needed": gettext_lazy(
                "«Ja»: Nav og boligkontoret skal ha henvendelse straks. "
                "«Usikker»: oversikten minner dere om å avklare det."
            ),
            "honour_related": gettext_lazy(
                "Foreslår sporet bo- og støttetilbud og en oppgave om å drøfte saken med Kompetanseteamet."
            ),
            "human_trafficking": gettext_lazy("Foreslår sporet ROSA og en oppgave om å kontakte ROSA."),
        }

    def clean(self):
        cleaned = super().clean()
        # A completed assessment stays completed when edited, so it must keep what completing asks.
        completing = bool(self.data.get("complete") or (self.instance is not None and self.instance.is_complete))
        _add_problems(self, rules.assessment_problems(cleaned, completing=completing))
        return cleaned


class TracksForm(StyledForm):
    tracks = forms.MultipleChoiceField(
        label=gettext_lazy("Spor mot bolig"),
        choices=Track.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Velg minst ett spor.")},
        help_text=gettext_lazy("Velg ett eller flere. Foreslåtte oppgaver legges til for nye spor."),
    )


class TrackEndForm(StyledForm):
    ended_on = forms.DateField(
        label=gettext_lazy("Avsluttet dato"),
        widget=DateInput(),
        error_messages={"required": gettext_lazy("Skriv datoen sporet ble avsluttet.")},
        help_text=gettext_lazy("Sporet og oppgavene beholdes og vises som avsluttet. Det kan tas opp igjen senere."),
    )

    def clean_ended_on(self):
        value = self.cleaned_data["ended_on"]
        not_in_future(value)
        return value


class TaskForm(StayBound, VersionedModelForm):
    assignee = StaffChoiceField(label=gettext_lazy("Ansvarlig ansatt"), queryset=None, required=False, empty_label="—")

    class Meta:
        model = Task
        fields = ["title", "responsible_party", "assignee", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff

    def clean_due_date(self):
        value = self.cleaned_data.get("due_date")
        if message := rules.due_date_problem(self.stay, value):
            raise forms.ValidationError(message)
        return value


class NotificationForm(SentOnRule, VersionedModelForm):
    class Meta:
        model = Notification
        fields = [
            "agency",
            "letter_to",
            "municipality",
            "sent_on",
            "channel",
            "request",
            "consent_given",
            "consent_on",
            "follow_up_on",
            "answer",
            "answered_on",
        ]
        widgets = {
            "sent_on": DateInput(),
            "answered_on": DateInput(),
            "consent_on": DateInput(),
            "follow_up_on": DateInput(),
            "letter_to": forms.TextInput(attrs={"list": "letter-to-options", "autocomplete": "off"}),
            "request": forms.Textarea(attrs={"rows": 3}),
            "answer": forms.Textarea(attrs={"rows": 3}),
        }
        # "Dato" alone is ambiguous on a form with four dates.
        labels = {"sent_on": gettext_lazy("Dato sendt")}
        help_texts = {
            "letter_to": gettext_lazy(
                "Kontoret brevet skal til, for eksempel «Nav Fjordby». Velg fra instansene deres eller skriv selv."
            ),
            "municipality": gettext_lazy(
                "Kommunen beboeren trenger bolig i. Forslaget er kommunen for tidligere bolig; "
                "endre det hvis beboeren skal bo et annet sted."
            ),
            "consent_given": gettext_lazy("Uten samtykke kan Boligplan ikke lage brev til instansen."),
            "follow_up_on": gettext_lazy(
                "Når dere skal purre hvis svaret ikke har kommet. Oversikten minner dere på det fra denne dagen."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        _add_problems(self, rules.notification_problems(self.stay, cleaned, today=today()))
        return cleaned


# On the create page, one form may tell both agencies: the same request and the same consent,
# recorded as one notification (and one letter) for each.
BOTH_AGENCIES = "begge"


class NotificationCreateForm(NotificationForm):
    agency = forms.ChoiceField(
        label=gettext_lazy("Til"),
        choices=[("", ""), *Agency.choices, (BOTH_AGENCIES, gettext_lazy("Både Nav og boligkontoret"))],
        help_text=gettext_lazy("Velg begge for å registrere én henvendelse til hver med samme samtykke."),
        error_messages={"required": gettext_lazy("Velg hvem henvendelsen går til.")},
    )
    letter_to_housing_office = forms.CharField(
        label=gettext_lazy("Mottaker hos boligkontoret"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"list": "letter-to-options", "autocomplete": "off"}),
        help_text=gettext_lazy(
            "Bare når henvendelsen går til begge: «Mottaker (kontor)» over er da Nav-kontoret, og dette er "
            "boligkontoret. Tomt: brevet adresseres til boligkontoret i kommunen."
        ),
    )

    class Meta(NotificationForm.Meta):
        # The agency is the form's own field: "both" is not a value a notification can hold.
        fields = [name for name in NotificationForm.Meta.fields if name != "agency"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("letter_to_housing_office") and cleaned.get("agency") != BOTH_AGENCIES:
            self.add_error(
                "letter_to_housing_office",
                _("Fyll bare ut denne når henvendelsen går til både Nav og boligkontoret. Ellers: la den stå tom."),
            )
        if cleaned.get("agency") == BOTH_AGENCIES:
            # Each agency answers for itself: an answer goes on that agency's notification afterwards.
            for name in ("answer", "answered_on"):
                if cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Svaret registreres på hver henvendelse etterpå, ikke på begge samtidig."))
        return cleaned


class ApplicationForm(SentOnRule, VersionedModelForm):
    class Meta:
        model = Application
        fields = ["kind", "agency", "sent_on", "status", "decision_on"]
        widgets = {"sent_on": DateInput(), "decision_on": DateInput()}
        help_texts = {
            "agency": gettext_lazy("For eksempel «Nav Fjordby» eller «Tildelingskontoret»."),
            "decision_on": gettext_lazy(
                "Datoen vedtaket kom fram. Ved avslag eller delvis innvilgelse er klagefristen tre uker "
                "fra den (forvaltningsloven § 29)."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        status, sent_on, decision_on = cleaned.get("status"), cleaned.get("sent_on"), cleaned.get("decision_on")
        if status and status != ApplicationStatus.DRAFT and sent_on is None and "sent_on" not in self.errors:
            self.add_error("sent_on", _("Skriv når søknaden ble sendt."))
        if status in (ApplicationStatus.GRANTED, *APPEALABLE_STATUSES) and decision_on is None:
            self.add_error("decision_on", _("Skriv når vedtaket kom, så klagefristen kan regnes ut."))
        if decision_on is not None:
            try:
                not_in_future(decision_on)
            except forms.ValidationError as error:
                self.add_error("decision_on", error)
            if sent_on is not None and decision_on < sent_on:
                self.add_error("decision_on", _("Vedtaket kan ikke ha kommet før søknaden ble sendt."))
        return cleaned
