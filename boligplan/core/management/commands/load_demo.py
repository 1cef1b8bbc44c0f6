"""Demo data for `make run`: two shelters with fictional residents in different phases.

Every person here is invented. Idempotent: does nothing if the demo shelter already exists.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from boligplan.accounts.demo import DEMO_TOTP_SECRET_B32, ensure_demo_devices
from boligplan.aftercare import demo as aftercare_demo
from boligplan.children import services as children
from boligplan.core.models import Membership, Shelter
from boligplan.housing import demo as housing_demo
from boligplan.housing import services as housing
from boligplan.rental import demo as rental_demo
from boligplan.residents import services as residents
from boligplan.safety import demo as safety_demo

DEMO_SHELTER = "Fjordby krisesenter (demo)"
OTHER_SHELTER = "Åsby krisesenter (demo)"
# Long enough for the password rules; for the demo only, printed on purpose.
DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - fictional demo accounts, printed on purpose  # nosec B105

STAFF = [
    # username, full name, role, shelter
    ("leder", "Lise Lund", "leder", DEMO_SHELTER),
    ("kontakt", "Kari Nordmo", "ansatt", DEMO_SHELTER),
    ("kollega", "Omar Haugen", "ansatt", DEMO_SHELTER),
    ("barnekontakt", "Berit Dahl", "barnekontakt", DEMO_SHELTER),
    ("statistikk", "Sindre Moe", "statistikk", DEMO_SHELTER),
    ("asby", "Aina Berg", "ansatt", OTHER_SHELTER),
]

# display name, birth year, days since arrival, contact, phase, children [(name, birth year)]
RESIDENTS = [
    ("A.K.", 1991, 0, "kontakt", "arrived", [("Emil", 2017)]),
    ("Mira S.", 1986, 2, "kollega", "draft_assessment", []),
    ("T.H.", 1979, 6, "kontakt", "overdue", [("Nora", 2012), ("Jonas", 2015)]),
    ("Leah B.", 1995, 9, "kontakt", "new_home_untold", [("Sofie", 2020)]),
    ("R.N.", 1983, 14, "kollega", "new_home_told", [("Adam", 2010)]),
    ("Hanne P.", 1972, 20, "kontakt", "return_home", []),
    ("J.O.", 1990, 35, "kollega", "private_rental", [("Ida", 2018), ("Liam", 2021)]),
    ("Sara V.", 1988, 52, "kontakt", "ready_waiting", [("Maja", 2014)]),
    ("E.L.", 1969, 70, "kollega", "departed", []),
    ("Nadia F.", 1993, 95, "kontakt", "departed_municipal", [("Yusuf", 2016)]),
]

# Each pathway app adds its part of a phase's demo: letters, safety, the rental search, after the stay.
PATHWAY_DEMOS = (housing_demo.add_letter_demo, safety_demo.add_demo, rental_demo.add_demo, aftercare_demo.add_demo)


class Command(BaseCommand):
    help = "Load fictional demo shelters, staff and residents (once)."

    def handle(self, *args, **options):
        if Shelter.objects.filter(name=DEMO_SHELTER).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            self._load()
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        ensure_demo_devices([username for username, *_ in STAFF])
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, full_name, role, shelter in STAFF:
            self.stdout.write(f"  {username:<13} {full_name}, {role} at {shelter}")
        self.stdout.write("")
        self.stdout.write("Two-factor login is on for the demo too. Every demo account shares one TOTP key:")
        self.stdout.write(f"  {DEMO_TOTP_SECRET_B32}  (add it to an authenticator app)")
        self.stdout.write("  or print the current code with: .venv/bin/python manage.py demo_code")

    @transaction.atomic
    def _load(self):
        today = timezone.localdate()
        shelters = {
            DEMO_SHELTER: Shelter.objects.create(name=DEMO_SHELTER, assessment_due_days=3),
            OTHER_SHELTER: Shelter.objects.create(name=OTHER_SHELTER, assessment_due_days=2),
        }
        users = {}
        user_model = get_user_model()
        for username, full_name, role, shelter in STAFF:
            user = user_model.objects.create_user(username=username, password=DEMO_PASSWORD, full_name=full_name)
            Membership.objects.create(user=user, shelter=shelters[shelter], role=role)
            users[username] = user

        for name, born, days_ago, contact, phase, kids_of in RESIDENTS:
            actor = users[contact]
            arrival = today - datetime.timedelta(days=days_ago)
            stay = residents.resident_register(
                actor=actor,
                shelter=shelters[DEMO_SHELTER],
                display_name=name,
                birth_year=born,
                arrival_date=arrival,
                contact_person=actor,
            )
            kids = [
                children.child_add(
                    actor=actor,
                    stay=stay,
                    first_name=child_name,
                    birth_year=child_born,
                    contact_person=users["barnekontakt"],
                    school="",
                    activities="",
                )
                for child_name, child_born in kids_of
            ]
            self._advance(stay, phase, actor, arrival, today)
            self._children(kids, phase, users["barnekontakt"], arrival, today)
            for add_demo in PATHWAY_DEMOS:
                add_demo(stay=stay, phase=phase, actor=actor, arrival=arrival, today=today)

        other = residents.resident_register(
            actor=users["asby"],
            shelter=shelters[OTHER_SHELTER],
            display_name="K.M.",
            birth_year=1985,
            arrival_date=today - datetime.timedelta(days=4),
            contact_person=users["asby"],
        )
        residents.journal_note_add(actor=users["asby"], stay=other, text="Kom med buss i går kveld. Sover godt.")

    def _children(self, kids, phase, child_contact, arrival, today):
        """Children's wishes, what they were told, and their moves, for the phases that have them."""
        day = datetime.timedelta(days=1)
        if phase in {"arrived", "draft_assessment", "overdue"}:
            return
        for kid in kids:
            children.child_wish_add(
                actor=child_contact,
                child=kid,
                asked_on=arrival + 3 * day,
                words="Vil bo et sted med egen seng og der katten kan være med.",
            )
            children.child_move_add(
                actor=child_contact,
                child=kid,
                kind="for_krisesenter",
                moved_on=arrival - 400 * day,
                temporary=False,
                school_changed=True,
            )
        if phase in {"private_rental", "departed", "departed_municipal"} and kids:
            first = kids[0]
            children.child_information_add(
                actor=child_contact,
                child=first,
                told_on=arrival + 5 * day,
                phase="for",
                what_told="Fortalte at vi leter etter et nytt sted å bo, og at det kan ta litt tid.",
                reaction="Spurte mye om skolen. Roligere etterpå.",
            )
            keeps = "nei" if phase == "departed_municipal" else "ja"
            children.child_update(
                actor=child_contact, child=first, values={"keeps_school": keeps, "keeps_friends": "usikker"}
            )

    def _advance(self, stay, phase, actor, arrival, today):
        """Move a stay forward to its demo phase, through the same services the views use."""
        day = datetime.timedelta(days=1)
        residents.journal_note_add(
            actor=actor, stay=stay, text="Innkomstsamtale gjennomført. Trenger ro de første dagene."
        )
        if phase in {"arrived", "overdue"}:
            return
        values = {"previous_home_type": "privat_leie", "lease_holder": "begge", "perpetrator_lives_there": "ja"}
        if phase == "draft_assessment":
            housing.assessment_save(actor=actor, stay=stay, values=values, complete=False, today=today)
            return
        if phase == "return_home":
            values |= {
                "lease_holder": "beboer",
                "return_safe": "usikker",
                "return_possible": "ja",
                "new_home_needed": "nei",
                "direction": "tilbake",
            }
            housing.assessment_save(actor=actor, stay=stay, values=values, complete=True, today=arrival + 2 * day)
            housing.tracks_set(actor=actor, stay=stay, tracks=["tilbake"], today=arrival + 2 * day)
            return
        values |= {
            "return_safe": "nei",
            "return_possible": "nei",
            "new_home_needed": "ja",
            "direction": "ny_bolig",
            "household_size": 2,
            "income_source": "nav",
        }
        housing.assessment_save(actor=actor, stay=stay, values=values, complete=True, today=arrival + 2 * day)
        tracks = ["kommunal_bolig", "privat_leie"] if phase != "new_home_untold" else ["kommunal_bolig"]
        tasks = housing.tracks_set(actor=actor, stay=stay, tracks=tracks, today=arrival + 2 * day)
        if phase == "new_home_untold":
            return
        for agency in ("nav", "boligkontor"):
            housing.notification_record(
                actor=actor,
                stay=stay,
                values={
                    "agency": agency,
                    "sent_on": arrival + 3 * day,
                    "channel": "telefon",
                    "request": "Beboeren trenger ny bolig. Ba om et møte om søknad og depositum.",
                    "answer": "Møte avtalt." if agency == "nav" else "",
                    "answered_on": arrival + 5 * day if agency == "nav" else None,
                },
            )
        if tasks:
            housing.task_set_done(actor=actor, task=tasks[0], done=True, today=arrival + 4 * day)
        if phase == "private_rental":
            residents.stay_set_ready_to_move(
                actor=actor,
                stay=stay,
                ready_to_move_date=arrival + 30 * day,
                wait_cause="leiestart",
                planned_departure_date=today + 6 * day,
            )
        if phase in {"ready_waiting", "departed", "departed_municipal"}:
            residents.stay_set_ready_to_move(
                actor=actor, stay=stay, ready_to_move_date=arrival + 20 * day, wait_cause="kommunen"
            )
        if phase == "departed":
            residents.stay_depart(
                actor=actor,
                stay=stay,
                departure_date=arrival + 40 * day,
                destination="ny_privat_leie",
                permanence="varig",
            )
        if phase == "departed_municipal":
            residents.stay_depart(
                actor=actor, stay=stay, departure_date=arrival + 61 * day, destination="ny_kommunal", permanence="varig"
            )
