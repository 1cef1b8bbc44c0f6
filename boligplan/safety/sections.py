"""Safety's part of the resident's page, its open steps and overview reminders (core/sections.py,
ADR 0026). Registered by SafetyConfig.ready()."""

from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.sections import Section, register

from . import selectors


def register_sections():
    register(
        Section(
            key="s-sikkerhet",
            title=_lazy("Sikkerhet"),
            order=30,
            app="safety",
            template="safety/_case_section.html",
            context=lambda user, stay, *, today, page: {
                "safety_section": selectors.stay_section(user, stay, today=today)
            },
            count=lambda page: len(page["safety_section"]["measures"]),
            open_steps=selectors.open_steps,
            reminders=selectors.overview_reminders,
            step_kinds=("measure", "checklist"),
            # Coming back from any of safety's pages (a save) opens its folded part.
            from_page=lambda match: "s-sikkerhet",
        )
    )
