from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "boligplan.children"
    label = "children"

    def ready(self):
        # Its parts of the resident's page, its open steps and reminders (core/sections.py).
        from .sections import register_sections

        register_sections()
        # The departure (residents/) counts each child's move out, in its transaction.
        from boligplan.residents.hooks import on_departure

        from .services import children_record_departure

        on_departure(
            "children.moves", 10, lambda *, actor, stay, **_: children_record_departure(actor=actor, stay=stay)
        )
