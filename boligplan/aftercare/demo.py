"""Demo follow-up for the fictional residents of load_demo (synthetic people only)."""

import datetime

from boligplan.residents.models import Stay

from . import services

DAY = datetime.timedelta(days=1)


def add_demo(*, stay, phase, actor, arrival, today) -> None:
    """For the departed phases: a plan and a contact, so the follow-up list has someone to show."""
    if phase not in {"departed", "departed_municipal"}:
        return
    departed_on = Stay.objects.get(pk=stay.pk).departure_date
    # One follow-up led by Nav (its plan made on the day of departure), one by the housing office.
    if phase == "departed":
        plan_made_on = departed_on
        plan = {
            "coordinating_service": "nav",
            "coordinator_name": "Nav Fjordby, veileder for bolig",
            "safety_plan_updated_on": departed_on - 2 * DAY,
            "offers_conversations": True,
            "offers_phone": True,
            "individual_plan": "nei",
            "next_follow_up_on": departed_on + 14 * DAY,
            "ends_on": departed_on + 180 * DAY,
        }
        contact = {
            "contacted_on": departed_on + 3 * DAY,
            "kind": "telefon",
            "with_children": False,
            "note": "Har fått nøkler og strøm. Vil gjerne ha en samtale om noen uker.",
        }
    else:
        plan_made_on = today
        plan = {
            "coordinating_service": "boligkontor",
            "coordinator_name": "Boligtjenesten i Fjordby kommune",
            "safety_plan_updated_on": departed_on - 1 * DAY,
            "offers_conversations": True,
            "offers_groups": True,
            "individual_plan": "ja",
            "other_services": "Familievernkontoret har samtaler med mor og barn.",
            "children_talks": True,
            "children_home_school_visits": True,
            "children_leisure_help": True,
            "next_follow_up_on": today + 10 * DAY,
            "ends_on": departed_on + 365 * DAY,
        }
        contact = {
            "contacted_on": departed_on + 7 * DAY,
            "kind": "hjemmebesok",
            "with_children": True,
            "note": "Besøk i ny leilighet. Gutten har begynt på fotball.",
        }
    services.followup_plan_save(actor=actor, stay=stay, today=plan_made_on, values=plan)
    services.followup_contact_record(actor=actor, stay=stay, today=today, values=contact)
