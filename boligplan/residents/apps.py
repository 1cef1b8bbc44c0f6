from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "boligplan.residents"
    label = "residents"

    def ready(self):
        # Its parts of the resident's page, its open steps and reminders (core/sections.py).
        from .sections import register_sections

        register_sections()
        # Each stay's row on the overview is rebuilt only when a write names the stay (ADR 0031).
        from boligplan.core.dataversion import version_rows_of

        from .models import Stay

        version_rows_of(Stay)
