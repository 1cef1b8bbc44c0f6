from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "boligplan.safety"
    label = "safety"

    def ready(self):
        # Read the checklist now: a broken table stops start-up instead of a page in use.
        from .checklist import checklist_items

        checklist_items()
        # Its part of the resident's page, its open steps and reminders (core/sections.py).
        from .sections import register_sections

        register_sections()
