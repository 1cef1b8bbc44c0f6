import logging

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the service: backups and restores, structured logs (no models of its own)."""

    name = "boligplan.ops"
    label = "ops"

    def ready(self):
        # Python warnings go through logging too, so they come out as scrubbed JSON lines like
        # everything else instead of raw text on stderr (Django no longer does this itself).
        logging.captureWarnings(True)
