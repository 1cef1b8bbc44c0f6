from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "boligplan.audit"
    label = "audit"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .guard import register_sqlite_functions

        # Every SQLite connection gets the permit check the delete trigger calls (audit/guard.py).
        connection_created.connect(register_sqlite_functions, dispatch_uid="boligplan_audit_sqlite_functions")
