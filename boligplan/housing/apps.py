from django.apps import AppConfig


class HousingConfig(AppConfig):
    name = "boligplan.housing"
    label = "housing"

    def ready(self):
        # Its parts of the resident's page, its open steps and reminders (core/sections.py).
        from .sections import register_sections

        register_sections()
        # A temporary exit (residents/) gets a follow-up task toward a permanent home.
        from boligplan.residents.hooks import on_departure

        on_departure("housing.temporary_follow_up", 20, _temporary_departure_follow_up)


def _temporary_departure_follow_up(*, actor, stay, temporary, reason_label, **_):
    from .services import temporary_departure_follow_up

    if temporary:
        temporary_departure_follow_up(actor=actor, stay=stay, reason_label=reason_label)
