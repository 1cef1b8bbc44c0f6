"""Moving out and the time after: the resident's departure, the new home's address and the plan
after the stay, on the resident's page; the plan's open steps and overview reminders
(core/sections.py, ADR 0026). Registered by AftercareConfig.ready()."""

from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import Section, register
from boligplan.residents.selectors import move_facts

from . import selectors


def move_context(user, stay, *, today, page) -> dict:
    return {**move_facts(user, stay), "aftercare_section": selectors.stay_section(user, stay, today=today)}


def register_sections():
    register(
        Section(
            key="s-flytting",
            title=_lazy("Flytting og etter"),
            order=60,
            app="aftercare",
            template="aftercare/_case_section.html",
            context=move_context,
            attention=lambda page: (
                page["aftercare_section"].get("plan_missing_warning", False)
                or page["aftercare_section"].get("next_overdue", False)
            ),
            open_steps=selectors.open_steps,
            reminders=selectors.overview_reminders,
            step_kinds=("aftercare",),
            # Coming back from any of aftercare's pages (a save) opens its folded part.
            from_page=lambda match: "s-flytting",
        )
    )
