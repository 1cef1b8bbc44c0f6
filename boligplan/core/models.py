from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .concurrency import VersionedModel
from .dataversion import save_kwargs_keeping_versions
from .records import UUIDRecord
from .roles import Role, role_can


class Shelter(VersionedModel, UUIDRecord):
    """A crisis shelter (krisesenter). Every piece of case data belongs to exactly one."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    assessment_due_days = models.PositiveSmallIntegerField(
        _("frist for boligkartlegging (dager etter ankomst)"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    # For the leader's review of the audit log (Tilsyn): use outside working hours is worth a
    # question only where there are working hours. A shelter staffed day and night has none; a
    # shelter without hours of its own uses the instance's AUDIT_WORKING_HOURS.
    around_the_clock = models.BooleanField(_("døgnbemannet"), default=False)
    working_hours_start = models.PositiveSmallIntegerField(
        _("arbeidstid fra (time)"), null=True, blank=True, validators=[MaxValueValidator(23)]
    )
    working_hours_end = models.PositiveSmallIntegerField(
        _("arbeidstid til (time)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    # Whether staff may sign in through the municipality's identity provider (ADR 0023); only
    # matters where the instance has one configured (OIDC_* settings).
    municipal_login = models.BooleanField(_("innlogging gjennom kommunen"), default=False)
    # Moved by every write of the shelter's case data (core/dataversion.py): the key of the cached
    # pages. Not the optimistic-lock `version`, which only the settings form compares.
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    # Moved by a write that names no stay (settings, staff, the directory): every overview row of
    # the shelter is keyed on it besides its stay's own row version (ADR 0031).
    shared_version = models.PositiveBigIntegerField(default=0, editable=False)

    def save(self, *args, **kwargs):
        super().save(*args, **save_kwargs_keeping_versions(self, kwargs, ("data_version", "shared_version")))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(working_hours_start__isnull=True)
                | models.Q(working_hours_end__isnull=True)
                | models.Q(working_hours_start__lt=models.F("working_hours_end")),
                name="shelter_working_hours_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A staff account's place in one shelter and its role there.

    One membership per account (ADR 0002): a staff member who works at two shelters gets two
    accounts, which keeps "which shelter am I acting for?" out of every request.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    shelter = models.ForeignKey(Shelter, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rolle"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["shelter", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.shelter} ({self.role})"

    def can(self, capability: str) -> bool:
        return role_can(self.role, capability)

    def can_any(self, *capabilities: str) -> bool:
        return any(role_can(self.role, capability) for capability in capabilities)
