"""The journal's part of the resident's page (core/sections.py, ADR 0026). Registered by
ResidentsConfig.ready()."""

from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import Section, register

from .selectors import journal_context


def register_sections():
    register(
        Section(
            key="s-journal",
            title=_lazy("Journal"),
            order=70,
            app="residents",
            template="residents/_journal_section.html",
            context=journal_context,
            # Only for those who may read the journal.
            shown=lambda page: page["notes"] is not None,
        )
    )
