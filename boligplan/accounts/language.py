"""The user's own interface language (bokmål, nynorsk or English): the form and the service.

Stored on the account (User.language) and activated on every request by
core.middleware.UserLanguageMiddleware. It changes only what this user sees: letters follow the
receiving municipality, and documents to a resident or a child are printed in the language chosen
for them (ADR 0024).
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy

from boligplan.core.forms import StyledForm

from .models import Language, User
from .services import own_setting_set


class LanguageForm(StyledForm):
    # The names are written in their own language, so that each reader finds theirs.
    language = forms.ChoiceField(
        label=gettext_lazy("Språk"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Velg et språk."),
            "invalid_choice": gettext_lazy("Velg et av språkene i listen."),
        },
    )


@transaction.atomic
def language_set(*, actor: User, language: str) -> None:
    """Saves the user's choice, with its audit row. Only a known language is accepted."""
    if language not in Language.values:
        raise ValueError(f"unknown language {language!r}")
    own_setting_set(actor=actor, field="language", value=language, action="account.language_changed")
