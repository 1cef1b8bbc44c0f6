from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "boligplan.core"
    label = "core"

    def ready(self):
        # After every migrate (run as the tables' owner) every shelter table has its policy.
        post_migrate.connect(_apply_row_level_security, sender=self, dispatch_uid="boligplan-rls")


def _apply_row_level_security(sender, using="default", **kwargs):
    # post_migrate is sent once per app, after all migrations have run; this listens to core's.
    from .tenancy import apply_row_level_security

    apply_row_level_security(using=using)
