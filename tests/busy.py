"""A busy resident, as staff meet one after some weeks: 21 tasks (12 open, 9 of them overdue), 6
notifications, 5 private-rental ads, 3 children and 20 journal notes. Used to measure the
resident's page (its height and what the first screen shows) and by the morning-handover journey."""

import datetime

from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from boligplan.rental import services as rental_services
from boligplan.residents import services as resident_services

BUSY_NAME = "Bente Travel"


def make_busy_resident(make_stay, actor, today: datetime.date, *, colleague=None):
    stay = make_stay(display_name=BUSY_NAME, days_ago=40, contact=actor)
    housing_services.assessment_save(
        actor=actor,
        stay=stay,
        values={"new_home_needed": "ja", "direction": "ny_bolig", "previous_municipality": "Fjordby"},
        complete=True,
        today=today - datetime.timedelta(days=37),
    )
    housing_services.tracks_set(
        actor=actor, stay=stay, tracks=["kommunal_bolig", "privat_leie"], today=today - datetime.timedelta(days=36)
    )
    from boligplan.housing.models import Task

    # Choosing tracks adds suggested tasks; the busy resident's 21 are our own, so start clean.
    Task.objects.filter(stay=stay).delete()
    tasks = []
    for number in range(21):
        if number < 9:
            due = today - datetime.timedelta(days=1 + number * 3)  # overdue
        elif number < 12:
            due = today + datetime.timedelta(days=number - 8)  # the next days
        else:
            due = today - datetime.timedelta(days=30 - number)
        task = housing_services.task_create(
            actor=actor,
            stay=stay,
            title=f"Steg {number + 1:02d} i boligarbeidet",
            responsible_party=["krisesenter", "nav", "boligkontor", "beboer"][number % 4],
            assignee=actor if number % 3 else colleague,
            due_date=due,
        )
        tasks.append(task)
    for task in tasks[12:]:  # 9 done
        housing_services.task_set_done(actor=actor, task=task, done=True, today=today)
    for number in range(6):
        sent = today - datetime.timedelta(days=35 - number * 5)
        answered = number < 3
        housing_services.notification_record(
            actor=actor,
            stay=stay,
            values={
                "agency": "nav" if number % 2 else "boligkontor",
                "sent_on": sent,
                "channel": "telefon",
                "request": f"Henvendelse {number + 1}",
                "answer": "Svar mottatt" if answered else "",
                "answered_on": sent + datetime.timedelta(days=3) if answered else None,
                "follow_up_on": None if answered else sent + datetime.timedelta(days=7),
            },
        )
    rental_services.search_save(actor=actor, stay=stay, values={"household_monthly_income": 31_000})
    areas = ["Sagene", "Torshov", "Bjølsen", "Sinsen", "Grefsen"]
    for number, status in enumerate(["vurderes", "kontaktet", "visning_avtalt", "sokt", "tilbud"]):
        rental_services.ad_record(
            actor=actor,
            stay=stay,
            values={
                "area": areas[number],
                "monthly_rent": 11_000 + number * 500,
                "deposit": 22_000,
                "rooms": 2,
                "link": f"https://www.finn.no/realestate/lettings/ad.html?finnkode={number + 1}",
                "source": "finn",
                "status": status,
            },
            today=today,
        )
    for number, name in enumerate(["Ask", "Live", "Mio"]):
        children_services.child_add(
            actor=actor, stay=stay, first_name=name, birth_year=today.year - 4 - number * 3, contact_person=colleague
        )
    for number in range(20):
        resident_services.journal_note_add(
            actor=actor, stay=stay, text=f"Notat {number + 1:02d}: samtale om boligsøket og hva som skjer videre."
        )
    return stay
