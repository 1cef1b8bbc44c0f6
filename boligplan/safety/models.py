import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField
from boligplan.core.records import CaseRecord, stay_link, written_by
from boligplan.housing.choices import LeaseHolder, YesNoUncertain

from .choices import ChecklistChoice, LeaseSorted, LocksChanged, MeasureKind, MeasureStatus


class SafeReturnAssessment(CaseRecord):
    """Is it safe to move back to the previous home without the perpetrator? (domain.md §§ 2, 4, 5)"""

    str_label = "Safe return"
    stay = stay_link("safe_return", one_per_stay=True)

    perpetrator_knowing_address_safe = models.CharField(
        _("er det trygt at voldsutøver kjenner adressen?"), max_length=10, choices=YesNoUncertain.choices, blank=True
    )
    reason = EncryptedLongTextField(_("begrunnelse"), max_length=2000, blank=True)
    lease_holder = models.CharField(
        _("hvem står på kontrakt / eier boligen"), max_length=20, choices=LeaseHolder.choices, blank=True
    )
    lease_sorted = models.CharField(
        _("er kontrakt eller eierforhold ordnet?"), max_length=20, choices=LeaseSorted.choices, blank=True
    )
    locks_changed = models.CharField(_("er låsene byttet?"), max_length=10, choices=LocksChanged.choices, blank=True)
    locks_changed_on = models.DateField(_("dato for låsbytte"), null=True, blank=True)
    children_school = EncryptedLongTextField(_("barnehage og skole"), max_length=1000, blank=True)
    children_activities = EncryptedLongTextField(_("fritidsaktiviteter"), max_length=1000, blank=True)
    children_friends = EncryptedLongTextField(_("venner"), max_length=1000, blank=True)
    police_involved = EncryptedLongTextField(_("kontakt med politiet"), max_length=1000, blank=True)
    conclusion = models.CharField(
        _("er det trygt å flytte hjem?"), max_length=10, choices=YesNoUncertain.choices, blank=True
    )

    assessed_on = models.DateField(_("vurdert dato"), null=True, blank=True)
    assessed_by = written_by(optional=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def is_complete(self) -> bool:
        return self.assessed_on is not None


class SafetyMeasure(CaseRecord):
    """A police or court measure (sikkerhetstiltak) for the resident, and where it stands."""

    str_label = "Measure"
    str_detail = "kind"
    stay = stay_link("safety_measures")
    kind = models.CharField(_("tiltak"), max_length=30, choices=MeasureKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    requested_on = models.DateField(_("dato bedt om"), null=True, blank=True)
    decided_on = models.DateField(_("avgjort dato"), null=True, blank=True)
    valid_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    expires_on = models.DateField(_("gjelder til"), null=True, blank=True)
    note = EncryptedTextField(_("kort merknad"), max_length=500, blank=True)
    created_by = written_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["stay", "status", "expires_on"], name="measure_stay_status_expiry")]

    def has_lapsed(self, today: datetime.date) -> bool:
        """Granted, and its last day has passed: shown as expired even before staff mark it so."""
        return self.status == MeasureStatus.GRANTED and self.expires_on is not None and self.expires_on < today

    def shown_status(self, today: datetime.date) -> str:
        return MeasureStatus.EXPIRED.label if self.has_lapsed(today) else self.get_status_display()


class ChecklistAnswer(CaseRecord):
    """One item of the new-home checklist (checklist.py), as gone through with the resident."""

    str_label = "Checklist answer"
    str_detail = "item_key"
    stay = stay_link("checklist_answers")
    item_key = models.CharField(max_length=40)
    answer = models.CharField(_("svar"), max_length=20, choices=ChecklistChoice.choices)
    note = EncryptedTextField(_("notat"), max_length=500, blank=True)
    answered_on = models.DateField(_("besvart dato"))
    answered_by = written_by()

    class Meta:
        ordering = ["item_key"]
        constraints = [models.UniqueConstraint(fields=["stay", "item_key"], name="one_answer_per_checklist_item")]
