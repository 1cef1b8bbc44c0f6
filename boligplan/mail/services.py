"""Changing one's own e-mail settings (with its audit row)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boligplan.accounts.services import own_setting_set

from .access import can_have_digest


@transaction.atomic
def set_morning_digest(*, actor, wanted: bool) -> None:
    """Turn the actor's own morning digest on or off. On needs an e-mail address to send to."""
    if wanted and not actor.email:
        raise ValidationError(
            {"wants_morning_digest": _("Du har ingen e-postadresse i Boligplan. Be lederen legge den inn først.")}
        )
    if wanted and not can_have_digest(actor):
        raise ValidationError({"wants_morning_digest": _("Rollen din har ingen oppgaveliste å sende oversikt over.")})
    own_setting_set(actor=actor, field="wants_morning_digest", value=wanted, action="account.digest_changed")
