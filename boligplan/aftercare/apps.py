from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "boligplan.aftercare"
    label = "aftercare"

    def ready(self):
        # Its parts of the resident's page, its open steps and reminders (core/sections.py).
        from .sections import register_sections

        register_sections()
