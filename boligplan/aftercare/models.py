from django.db import models
from django.utils.translation import gettext_lazy as _

from boligplan.core.fields import EncryptedLongTextField, EncryptedTextField
from boligplan.core.records import CaseRecord, StayRecord, stay_link, written_by
from boligplan.housing.choices import YesNoUnknown

from .choices import ContactKind, CoordinatingService

# What the shelter itself offers after the stay, and for the children: field names in display order.
SHELTER_OFFERS = ("offers_conversations", "offers_groups", "offers_activities", "offers_phone")
CHILDREN_OFFERS = ("children_visits", "children_talks", "children_home_school_visits", "children_leisure_help")


class FollowUpPlan(CaseRecord):
    """The plan for the time after the stay (reetableringsfasen). One per stay, written before or after the move."""

    stay = stay_link("followup_plan", one_per_stay=True)

    coordinating_service = models.CharField(
        _("koordinerende tjeneste"), max_length=20, choices=CoordinatingService.choices, blank=True
    )
    coordinator_name = EncryptedTextField(_("kontor eller kontaktperson der"), max_length=120, blank=True)
    safety_plan_updated_on = models.DateField(_("sikkerhetsplanen oppdatert"), null=True, blank=True)

    offers_conversations = models.BooleanField(_("samtaler"), default=False)
    offers_groups = models.BooleanField(_("grupper"), default=False)
    offers_activities = models.BooleanField(_("aktiviteter"), default=False)
    offers_phone = models.BooleanField(_("oppfølging på telefon"), default=False)
    other_services = EncryptedLongTextField(_("andre tjenester som følger opp"), max_length=500, blank=True)
    individual_plan = models.CharField(_("individuell plan"), max_length=10, choices=YesNoUnknown.choices, blank=True)

    children_visits = models.BooleanField(_("besøk"), default=False)
    children_talks = models.BooleanField(_("fortsatte samtaler"), default=False)
    children_home_school_visits = models.BooleanField(_("besøk hjemme, i barnehagen eller på skolen"), default=False)
    children_leisure_help = models.BooleanField(_("hjelp til å komme i gang med fritidsaktiviteter"), default=False)

    # The next planned contact: this is what puts a former resident on the follow-up list.
    next_follow_up_on = models.DateField(_("neste planlagte kontakt"), null=True, blank=True)
    ends_on = models.DateField(_("oppfølgingen fra senteret avsluttes"), null=True, blank=True)

    created_by = written_by()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["shelter", "next_follow_up_on"], name="followup_plan_due")]

    def offered(self, names) -> list[str]:
        """Labels of the ticked offers among `names`."""
        return [str(self._meta.get_field(name).verbose_name) for name in names if getattr(self, name)]

    @property
    def shelter_offers(self) -> list[str]:
        return self.offered(SHELTER_OFFERS)

    @property
    def children_offers(self) -> list[str]:
        return self.offered(CHILDREN_OFFERS)

    def has_ended(self, today) -> bool:
        return self.ends_on is not None and self.ends_on < today


class FollowUpContact(StayRecord):
    """A dated contact with a former resident after the move. Never edited: a correction is a new contact."""

    str_detail = "kind"
    stay = stay_link("followup_contacts")
    contacted_on = models.DateField(_("dato for kontakten"))
    kind = models.CharField(_("type kontakt"), max_length=20, choices=ContactKind.choices)
    with_children = models.BooleanField(_("barna var med"), default=False)
    note = EncryptedLongTextField(_("kort notat"), max_length=1000, blank=True)
    by = written_by()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contacted_on", "-created_at"]
        indexes = [models.Index(fields=["stay", "contacted_on"], name="followup_contact_stay_date")]
