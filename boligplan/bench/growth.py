"""Shelters made for the growth rows: the same page measured at a small and a large size.

quality.md holds two pages to costs that do not grow with data: the overview at 200 current
residents at most 1.5x its cost at 10, and the resident page with 1,000 journal notes at most
1.1x its cost with 3. The benchmark builds one small shelter per size here, each with its own
leader, so the growth rows compare the same page with nothing else changed. Synthetic only.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from boligplan.core.models import Membership, Shelter
from boligplan.housing.models import HousingAssessment, Notification, StayTrack, Task
from boligplan.residents.models import JournalNote, Resident, Stay

from .generate import SCALES, Generator

BATCH = 1000


def growth_shelter(label: str, *, residents: int, seed: int, today: datetime.date):
    """A shelter with `residents` current stays (housing rows as the generator makes them) and a
    leader; returns the leader."""
    User = get_user_model()
    generator = Generator(SCALES["one"], seed=seed, today=today)
    with transaction.atomic():
        shelter = Shelter.objects.create(id=generator.uuid(), name=f"Vekst {label}")
        leader = User(username=f"bench-vekst-{label}", full_name="Leder")
        leader.set_unusable_password()
        leader.save()
        Membership.objects.create(user=leader, shelter=shelter, role="leder")
        rows: dict[type, list] = {Resident: [], Stay: [], HousingAssessment: [], StayTrack: [], Notification: []}
        tasks: list = []
        pathways: dict[type, list] = {}
        from boligplan.aftercare.models import FollowUpPlan
        from boligplan.rental.models import RentalAd, Viewing
        from boligplan.safety.models import SafetyMeasure

        pathways = {SafetyMeasure: [], RentalAd: [], Viewing: [], FollowUpPlan: []}
        for number in range(residents):
            resident = Resident(
                id=generator.uuid(), shelter=shelter, display_name=f"Syntetisk V{number:05d}", birth_year=1990
            )
            stay = Stay(
                id=generator.uuid(),
                shelter=shelter,
                resident=resident,
                arrival_date=today - datetime.timedelta(days=1 + number % 40),
                contact_person=leader,
            )
            rows[Resident].append(resident)
            rows[Stay].append(stay)
            generator._housing(
                shelter, stay, leader, rows[HousingAssessment], rows[StayTrack], rows[Notification], tasks
            )
            generator._pathways(shelter, stay, leader, pathways)
        for model, made in [*rows.items(), (Task, tasks), *pathways.items()]:
            model.objects.bulk_create(made, batch_size=BATCH)
    return leader


def stay_with_history(leader, *, notes: int, done_tasks: int, today: datetime.date) -> str:
    """One more current stay in the leader's shelter with `notes` journal notes and `done_tasks`
    done tasks (besides a few open ones); returns the resident page's path."""
    shelter = leader.membership.shelter
    with transaction.atomic():
        resident = Resident.objects.create(shelter=shelter, display_name="Syntetisk historikk", birth_year=1985)
        stay = Stay.objects.create(
            shelter=shelter, resident=resident, arrival_date=today - datetime.timedelta(days=30), contact_person=leader
        )
        HousingAssessment.objects.create(
            shelter=shelter, stay=stay, previous_municipality="Oslo", new_home_needed="ja", direction="ny_bolig"
        )
        JournalNote.objects.bulk_create(
            (
                JournalNote(shelter=shelter, stay=stay, author=leader, text=f"Notat {n}: samtale om bolig. " * 8)
                for n in range(notes)
            ),
            batch_size=BATCH,
        )
        Task.objects.bulk_create(
            [
                Task(
                    shelter=shelter,
                    stay=stay,
                    title=f"Utført oppgave {n}",
                    responsible_party="krisesenter",
                    due_date=today - datetime.timedelta(days=n % 30),
                    done_on=today - datetime.timedelta(days=n % 30),
                )
                for n in range(done_tasks)
            ]
            + [
                Task(
                    shelter=shelter,
                    stay=stay,
                    title=f"Åpen oppgave {n}",
                    responsible_party="nav",
                    due_date=today + datetime.timedelta(days=n),
                )
                for n in range(3)
            ],
            batch_size=BATCH,
        )
    return f"/opphold/{stay.pk}/"
