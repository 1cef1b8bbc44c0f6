import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField
from boligplan.core.records import CaseRecord, StayRecord, assigned_staff, stay_link, written_by

from .choices import (
    APPEALABLE_STATUSES,
    Agency,
    ApplicationKind,
    ApplicationStatus,
    Channel,
    Direction,
    IncomeSource,
    LeaseHolder,
    PreviousHomeType,
    ResponsibleParty,
    Track,
    YesNoUncertain,
    YesNoUnknown,
)


class HousingAssessment(CaseRecord):
    """Boligkartlegging (domain.md §3). May be saved unfinished; completion is recorded separately."""

    str_label = "Assessment"
    stay = stay_link("assessment", one_per_stay=True)

    previous_home_type = models.CharField(
        _("tidligere bolig"), max_length=20, choices=PreviousHomeType.choices, blank=True
    )
    lease_holder = models.CharField(
        _("hvem står på kontrakt / eier"), max_length=20, choices=LeaseHolder.choices, blank=True
    )
    previous_municipality = EncryptedTextField(_("kommune for tidligere bolig"), max_length=80, blank=True)
    perpetrator_lives_there = models.CharField(
        _("bor voldsutøver der?"), max_length=10, choices=YesNoUnknown.choices, blank=True
    )
    perpetrator_knows_address = models.CharField(
        _("kjenner voldsutøver adressen?"), max_length=10, choices=YesNoUnknown.choices, blank=True
    )
    return_safe = models.CharField(
        _("er det trygt å flytte tilbake?"), max_length=10, choices=YesNoUncertain.choices, blank=True
    )
    return_safe_reason = EncryptedLongTextField(_("begrunnelse"), max_length=2000, blank=True)
    return_possible = models.CharField(
        _("er tilbakeflytting mulig?"), max_length=10, choices=YesNoUncertain.choices, blank=True
    )
    new_home_needed = models.CharField(_("trengs ny bolig?"), max_length=10, choices=YesNoUncertain.choices, blank=True)
    resident_wishes = EncryptedLongTextField(_("beboerens egne ønsker"), max_length=2000, blank=True)
    direction = models.CharField(
        _("valgt retning"), max_length=20, choices=Direction.choices, default=Direction.UNDECIDED
    )

    income_source = models.CharField(_("inntektskilde"), max_length=10, choices=IncomeSource.choices, blank=True)
    debt_problems = models.CharField(_("gjeldsproblemer"), max_length=10, choices=YesNoUnknown.choices, blank=True)
    can_pay_deposit = models.CharField(
        _("kan betale depositum"), max_length=10, choices=YesNoUnknown.choices, blank=True
    )

    household_size = models.PositiveSmallIntegerField(_("antall i husstanden"), null=True, blank=True)
    accessibility_needs = EncryptedTextField(_("behov for tilrettelegging"), max_length=300, blank=True)
    pets = EncryptedTextField(_("kjæledyr"), max_length=200, blank=True)
    closeness_needs = EncryptedTextField(_("nærhet til arbeid/skole"), max_length=300, blank=True)

    honour_related = models.BooleanField(_("æresrelatert vold / tvangsekteskap"), default=False)
    human_trafficking = models.BooleanField(_("menneskehandel"), default=False)
    residence_status_issue = models.BooleanField(_("uavklart oppholdsstatus"), default=False)

    completed_on = models.DateField(_("kartlagt dato"), null=True, blank=True)
    completed_by = written_by(optional=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def is_complete(self) -> bool:
        return self.completed_on is not None

    # Needs a new home: "ja" to "trengs ny bolig?", or the new-home direction chosen. Written once
    # here; the overview and the statistics filter with needs_new_home_q, this answers for one row.
    NEEDS_NEW_HOME_WHEN = (("new_home_needed", YesNoUncertain.YES), ("direction", Direction.NEW_HOME))

    @property
    def needs_new_home(self) -> bool:
        return any(getattr(self, field) == value for field, value in self.NEEDS_NEW_HOME_WHEN)


def needs_new_home_q(prefix: str = "") -> models.Q:
    """The assessments (or, with prefix "assessment__", the stays) that need a new home."""
    condition = models.Q()
    for field, value in HousingAssessment.NEEDS_NEW_HOME_WHEN:
        condition |= models.Q(**{f"{prefix}{field}": value})
    return condition


class StayTrackQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class StayTrack(StayRecord):
    """A track (spor) chosen for a stay. Several may run in parallel.

    One row per kind of track holds its whole history: a track is never deleted while the stay
    exists. Ending it records the day; choosing it again reopens the same row, so `chosen_on`
    stays the first day the work began (the time-to-home statistics count from it) and the
    audit log keeps every end and reopening.
    """

    stay = stay_link("tracks")
    track = models.CharField(_("spor"), max_length=20, choices=Track.choices)
    chosen_on = models.DateField(_("valgt dato"))
    ended_on = models.DateField(_("avsluttet dato"), null=True, blank=True)
    reopened_on = models.DateField(_("tatt opp igjen"), null=True, blank=True)

    objects = StayTrackQuerySet.as_manager()

    class Meta:
        ordering = ["chosen_on", "track"]
        constraints = [
            # One row per kind: ending and reopening change this row, so its history stays whole.
            models.UniqueConstraint(fields=["stay", "track"], name="one_track_kind_per_stay"),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("chosen_on")),
                name="track_not_ended_before_chosen",
            ),
        ]

    def __str__(self) -> str:
        return self.track

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def latest_start(self) -> datetime.date:
        """The day the current (or last) period began: a reopened track began again then."""
        return self.reopened_on or self.chosen_on


class Task(CaseRecord):
    """One step of the housing work, with who is responsible and when it is due."""

    stay = stay_link("tasks")
    title = EncryptedTextField(_("oppgave"), max_length=200)
    responsible_party = models.CharField(_("hvem har ansvaret"), max_length=20, choices=ResponsibleParty.choices)
    assignee = assigned_staff(_("ansvarlig ansatt"))
    due_date = models.DateField(_("frist"), null=True, blank=True)
    track = models.CharField(_("spor"), max_length=20, choices=Track.choices, blank=True)
    suggestion_key = models.CharField(max_length=60, blank=True)
    done_on = models.DateField(_("utført dato"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_on", "due_date", "created_at"]
        indexes = [models.Index(fields=["stay", "done_on", "due_date"], name="task_open_by_due")]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Notification(CaseRecord):
    """A notification (varsel/henvendelse) to NAV or the municipal housing office."""

    stay = stay_link("notifications")
    agency = models.CharField(_("til"), max_length=20, choices=Agency.choices)
    sent_on = models.DateField(_("dato"))
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    request = EncryptedLongTextField(_("hva ble det bedt om"), max_length=2000)
    answer = EncryptedLongTextField(_("svar"), max_length=2000, blank=True)
    answered_on = models.DateField(_("svar mottatt"), null=True, blank=True)
    follow_up_on = models.DateField(_("purredato"), null=True, blank=True)
    # Consent is what allows the shelter to tell an agency anything (krisesenterlova § 5).
    consent_given = models.BooleanField(_("Beboeren har samtykket til at opplysningene deles"), default=False)
    consent_on = models.DateField(_("dato for samtykket"), null=True, blank=True)
    # For the letter (letters.py): the office it goes to and where the home is needed.
    letter_to = EncryptedTextField(_("mottaker (kontor)"), max_length=120, blank=True)
    municipality = EncryptedTextField(_("kommune der bolig trengs"), max_length=80, blank=True)
    created_by = written_by()

    class Meta:
        ordering = ["-sent_on"]
        indexes = [models.Index(fields=["stay", "answered_on", "follow_up_on"], name="notification_follow_up")]

    def __str__(self) -> str:
        return f"Notification {str(self.pk)[:8]} to {self.agency}"

    @property
    def follow_up_due(self) -> bool:
        """No answer yet, and the day to chase it has come."""
        return self.answered_on is None and self.follow_up_on is not None and self.follow_up_on <= timezone.localdate()

    @property
    def letter_allowed(self) -> bool:
        return self.consent_given and self.consent_on is not None


class Application(CaseRecord):
    """An application or referral (søknad) for the resident, and what was decided."""

    # Forvaltningsloven § 29: three weeks to appeal from when the decision was received (checked
    # 2026-12-02). A refusal and a partly granted decision can both be appealed (§ 28).
    APPEAL_WEEKS = 3

    str_label = "Application"
    str_detail = "kind"
    stay = stay_link("applications")
    kind = models.CharField(_("søknad om"), max_length=30, choices=ApplicationKind.choices)
    agency = EncryptedTextField(_("sendt til (instans)"), max_length=120)
    sent_on = models.DateField(_("sendt dato"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices)
    decision_on = models.DateField(_("vedtak mottatt"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["stay", "status"], name="application_stay_status")]

    @property
    def appeal_deadline(self):
        if self.status not in APPEALABLE_STATUSES or self.decision_on is None:
            return None
        return self.decision_on + datetime.timedelta(weeks=self.APPEAL_WEEKS)
