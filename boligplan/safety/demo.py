"""Demo data for the safety work (called from load_demo per resident). Synthetic people only."""

import datetime

from . import services
from .services import ItemInput

DAY = datetime.timedelta(days=1)


def add_demo(*, stay, phase, actor, arrival, today) -> None:
    if phase == "return_home":
        _return_home(stay, actor, arrival, today)
    elif phase == "private_rental":
        _checklist(stay, actor, today)


def _return_home(stay, actor, arrival, today):
    services.safe_return_save(
        actor=actor,
        stay=stay,
        values={
            "perpetrator_knowing_address_safe": "usikker",
            "reason": "Han har holdt seg unna siden besøksforbudet kom. Beboeren vil hjem før skolestart.",
            "lease_holder": "beboer",
            "lease_sorted": "ordnet",
            "locks_changed": "planlagt",
            "locks_changed_on": today + 3 * DAY,
            "children_school": "",
            "children_activities": "",
            "children_friends": "",
            "police_involved": "Voldskoordinator i politiet kjenner saken og vurderer forlengelse.",
            "conclusion": "usikker",
        },
        complete=True,
        today=arrival + 4 * DAY,
    )
    # Both granted shortly after arrival. The visiting ban runs out in ten days: the overview shows
    # the reminder.
    for kind, decided_on, expires_on, note in (
        ("besoksforbud", arrival + 2 * DAY, today + 10 * DAY, "Ny vurdering hos politiet før det går ut."),
        ("voldsalarm", arrival + 3 * DAY, arrival + 93 * DAY, ""),
    ):
        services.measure_record(
            actor=actor,
            stay=stay,
            values={
                "kind": kind,
                "status": "innvilget",
                "requested_on": arrival + 1 * DAY,
                "decided_on": decided_on,
                "valid_from": decided_on,
                "expires_on": expires_on,
                "note": note,
            },
            today=today,
        )


def _checklist(stay, actor, today):
    answers = {
        "opplevd_trygghet": ItemInput("ok", "Likte boligen på visningen.", 0),
        "fysisk_sikkerhet": ItemInput("ok", "", 0),
        "ikke_forste_etasje": ItemInput("ok", "Tredje etasje.", 0),
        "sikringsutstyr": ItemInput("folges_opp", "Spør utleier om kikkehull og dørkjede.", 0),
        "avstand_barnehage_skole": ItemInput("ok", "", 0),
        "kollektivtransport": ItemInput("ok", "", 0),
        "unna_voldsutover": ItemInput("folges_opp", "Sjekk avstanden til arbeidsplassen hans.", 0),
    }
    services.checklist_save(actor=actor, stay=stay, items=answers, today=today - 2 * DAY)
