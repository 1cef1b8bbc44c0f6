"""The private-rental search's part of the resident's page, its open steps and overview reminders
(core/sections.py, ADR 0026). Registered by RentalConfig.ready()."""

from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import Section, register

from . import selectors


def register_sections():
    register(
        Section(
            key="s-boligsok",
            title=_lazy("Boligsøk"),
            order=40,
            app="rental",
            template="rental/_case_section.html",
            context=lambda user, stay, *, today, page: {
                "rental_section": selectors.stay_section(user, stay, today=today)
            },
            count=lambda page: len(page["rental_section"]["rows"]),
            open_steps=selectors.open_steps,
            reminders=selectors.overview_reminders,
            step_kinds=("rental",),
            # Coming back from any of rental's pages (a save) opens its folded part.
            from_page=lambda match: "s-boligsok",
        )
    )
