"""Value lists for the audit log."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessReason(models.TextChoices):
    """Why a staff member looked at something, chosen from a fixed list.

    The audit log never holds free text, so "why" is one of these codes. The access report shows
    the label; a new purpose is a new entry here (and a label), never a text field.
    """

    FOLLOW_UP = "oppfolging", _("Oppfølging av saken")
    LETTER = "brev", _("Brev eller dokument til beboeren")
    AGENCY = "instans", _("Henvendelse til Nav, boligkontoret eller annen instans")
    SAFETY = "sikkerhet", _("Sikkerhetsvurdering")
    ACCESS_REQUEST = "innsynsbegjaering", _("Innsynsbegjæring fra beboeren")
    SUPERVISION = "tilsyn", _("Kontroll av tilgang (tilsyn)")
