from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "boligplan.audit"
    label = "audit"
