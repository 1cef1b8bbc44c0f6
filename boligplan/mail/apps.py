from django.apps import AppConfig


class MailConfig(AppConfig):
    """E-mail to staff: the morning digest and the sending every e-mail goes through (ADR 0022).

    No e-mail carries anything about a resident: counts and a link only.
    """

    name = "boligplan.mail"
    label = "mail"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment check
