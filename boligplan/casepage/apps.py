from django.apps import AppConfig


class CasepageConfig(AppConfig):
    """The resident's page, put together from the sections the apps register (ADR 0026)."""

    name = "boligplan.casepage"
    label = "casepage"
