"""Demo agency directory for the demo shelter: real office names, invented contact details.

Run after `load_demo`. Every phone number is 999 99 9xx and every e-mail address ends in
example.invalid, so nothing here can be mistaken for a real office's details. Safe to run again.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from boligplan.agencies import selectors, services
from boligplan.agencies.models import Agency
from boligplan.agencies.reference import ensure_loaded
from boligplan.core.management.commands.load_demo import DEMO_SHELTER
from boligplan.core.models import Shelter

PARTNERS = ["3301", "3312", "3314", "3316"]  # Drammen, Lier, Øvre Eiker, Modum
NOTE = "Demodata: telefonnummer og e-post er oppdiktet."

# kind, name, municipality number, phone, e-mail, opening hours
AGENCIES = [
    ("nav", "Nav Drammen", "3301", "999 99 901", "nav.drammen@example.invalid", "Mandag–fredag kl. 10–14"),
    ("nav", "Nav Lier", "3312", "999 99 902", "nav.lier@example.invalid", "Mandag–fredag kl. 10–14"),
    ("nav", "Nav Øvre Eiker", "3314", "999 99 903", "", "Mandag–fredag kl. 10–14"),
    ("boligkontor", "Drammen kommune – boligtjenesten", "3301", "999 99 904", "bolig@example.invalid", ""),
    ("boligkontor", "Lier kommune – tildelingskontoret", "3312", "999 99 905", "", "Telefontid kl. 9–11"),
    ("politi", "Sør-Øst politidistrikt", "", "999 99 906", "", "Ved fare: ring 112"),
    ("barnevern", "Barneverntjenesten i Drammen", "3301", "999 99 907", "", ""),
]


class Command(BaseCommand):
    help = "Add a demo agency directory and partner municipalities to the demo shelter (run after load_demo)."

    def handle(self, *args, **options):
        shelter = Shelter.objects.filter(name=DEMO_SHELTER).first()
        if shelter is None:
            raise CommandError(f"Run load_demo first: the shelter {DEMO_SHELTER!r} does not exist.")
        actor = get_user_model().objects.filter(username="leder").first()
        with transaction.atomic():
            ensure_loaded()
            partners = [selectors.municipality_for_number(number) for number in PARTNERS]
            for county in {m.county for m in partners}:
                chosen = [m for m in partners if m.county_id == county.pk]
                chosen += [m for m in selectors.partner_municipalities(shelter.pk) if m.county_id == county.pk]
                services.partner_municipalities_set(
                    actor=actor, shelter=shelter, county=county, municipalities=list({m.pk: m for m in chosen}.values())
                )
            added = 0
            for kind, name, number, phone, email, hours in AGENCIES:
                if Agency.objects.filter(shelter=shelter, name=name).exists():
                    continue
                services.agency_create(
                    actor=actor,
                    shelter=shelter,
                    values={
                        "kind": kind,
                        "name": name,
                        "municipality": selectors.municipality_for_number(number) if number else None,
                        "phone": phone,
                        "email": email,
                        "address": "",
                        "opening_hours": hours,
                        "notes": NOTE,
                    },
                )
                added += 1
        self.stdout.write(f"Demo agencies: {added} added, partner municipalities: {len(PARTNERS)}.")
