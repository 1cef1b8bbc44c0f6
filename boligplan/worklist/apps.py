from django.apps import AppConfig


class WorklistConfig(AppConfig):
    name = "boligplan.worklist"
    verbose_name = "Oppgaver (arbeidskø)"
