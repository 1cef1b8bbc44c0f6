"""Synthetic shelters, staff and stays for the benchmark (quality.md, "Scales to measure").

Everyone here is invented: residents are "Syntetisk NNNNNN", staff are "bench-…" accounts with
no usable password. One seeded random generator drives everything, so a scale generated twice is
the same data. Rows go in with bulk_create, one shelter at a time, so memory stays flat however
many stays a scale has.

Not generated (say so when reading the numbers): journal notes, audit rows and children. The
pages measured do not read them, but a national database would hold millions of audit rows.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from boligplan.aftercare.models import FollowUpPlan
from boligplan.core.models import Membership, Shelter
from boligplan.housing.models import HousingAssessment, Notification, StayTrack, Task
from boligplan.rental.models import RentalAd, Viewing
from boligplan.residents.models import Resident, Stay
from boligplan.safety.choices import MeasureKind
from boligplan.safety.models import SafetyMeasure

BATCH = 2000
BENCH_LEADER = "bench-leder"


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    shelters: int
    stays: int
    tasks_per_stay: int
    years: int = 10


SCALES = {
    "one": ScaleSpec("one", shelters=1, stays=600, tasks_per_stay=5),
    "national": ScaleSpec("national", shelters=45, stays=30_000, tasks_per_stay=5),
    # Statistics are what the stress scale is for; tasks would only slow the generation down.
    "stress": ScaleSpec("stress", shelters=45, stays=1_000_000, tasks_per_stay=0),
}

MUNICIPALITIES = [
    "Oslo", "Bergen", "Trondheim", "Stavanger", "Drammen", "Fredrikstad", "Kristiansand", "Sandnes",
    "Tromsø", "Sarpsborg", "Skien", "Ålesund", "Sandefjord", "Haugesund", "Tønsberg", "Moss",
    "Porsgrunn", "Bodø", "Arendal", "Hamar", "Larvik", "Halden", "Lillehammer", "Molde", "Harstad",
    "Gjøvik", "Kongsberg", "Horten", "Steinkjer", "Alta",
]  # fmt: skip

# (destination, share, usually permanent?) — roughly the national picture in domain.md §1.
DESTINATIONS = [
    ("tilbake_voldsutover", 0.17, True),
    ("tidligere_bolig", 0.14, True),
    ("ny_privat_leie", 0.18, True),
    ("ny_kommunal", 0.14, True),
    ("ny_eid", 0.02, True),
    ("familie_venner", 0.12, False),
    ("annet_krisesenter", 0.05, False),
    ("bo_og_stotte", 0.02, True),
    ("rosa", 0.01, False),
    ("midlertidig_nav", 0.06, False),
    ("institusjon", 0.02, False),
    ("annet", 0.04, False),
    ("ukjent", 0.03, False),
]
# The track that leads to each destination, so time-to-home curves have events to find.
DESTINATION_TRACK = {
    "tidligere_bolig": "tilbake",
    "ny_privat_leie": "privat_leie",
    "ny_kommunal": "kommunal_bolig",
    "ny_eid": "startlan",
    "bo_og_stotte": "bo_og_stotte",
    "rosa": "rosa",
}
WAIT_CAUSES = ["kommunen", "nav", "leiestart", "ingen_egnet", "annet"]
PARTIES = ["krisesenter", "nav", "boligkontor", "beboer"]


@dataclass
class Generated:
    shelters: int = 0
    stays: int = 0
    assessments: int = 0
    tracks: int = 0
    notifications: int = 0
    tasks: int = 0
    pathway_rows: int = 0  # measures, ads, viewings, follow-up plans (what the overview's reminders read)

    @property
    def rows(self) -> int:
        return 2 * self.stays + self.assessments + self.tracks + self.notifications + self.tasks + self.pathway_rows


class Generator:
    def __init__(self, spec: ScaleSpec, *, seed: int, today: datetime.date):
        self.spec = spec
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded on purpose  # nosec B311
        self.today = today
        self.first_day = today - datetime.timedelta(days=365 * spec.years)
        self.counts = Generated()
        self._destinations = [d for d, _, _ in DESTINATIONS]
        self._weights = [w for _, w, _ in DESTINATIONS]
        self._permanent = {d: p for d, _, p in DESTINATIONS}
        self._serial = 0

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def run(self, progress=None) -> Generated:
        User = get_user_model()
        per_shelter = [self.spec.stays // self.spec.shelters] * self.spec.shelters
        per_shelter[0] += self.spec.stays - sum(per_shelter)
        for number, stays in enumerate(per_shelter):
            with transaction.atomic():
                shelter = Shelter.objects.create(id=self.uuid(), name=f"Benchmark-senter {number + 1:02d}")
                staff = []
                for index in range(6):
                    user = User(username=f"bench-{number + 1:02d}-{index}", full_name=f"Ansatt {index}")
                    user.set_unusable_password()
                    staff.append(user)
                User.objects.bulk_create(staff)
                Membership.objects.bulk_create([Membership(user=u, shelter=shelter, role="ansatt") for u in staff])
                if number == 0:
                    leader = User(username=BENCH_LEADER, full_name="Leder")
                    leader.set_unusable_password()
                    leader.save()
                    Membership.objects.create(user=leader, shelter=shelter, role="leder")
                self.counts.shelters += 1
                self._shelter(shelter, staff, stays)
            if progress:
                progress(number + 1, len(per_shelter), self.counts)
        return self.counts

    def _shelter(self, shelter, staff, count):
        rng = self.rng
        span = (self.today - self.first_day).days
        for start in range(0, count, BATCH):
            residents, stays, assessments, tracks, notifications, tasks = [], [], [], [], [], []
            pathways: dict[type, list] = {SafetyMeasure: [], RentalAd: [], Viewing: [], FollowUpPlan: []}
            for _ in range(min(BATCH, count - start)):
                self._serial += 1
                arrival = self.first_day + datetime.timedelta(days=rng.randrange(span + 1))
                length = max(0, int(rng.lognormvariate(3.0, 0.8)))
                departure = arrival + datetime.timedelta(days=length)
                if departure > self.today:
                    departure = None
                contact = rng.choice(staff)
                resident = Resident(
                    id=self.uuid(),
                    shelter=shelter,
                    display_name=f"Syntetisk {self._serial:07d}",
                    birth_year=rng.randint(1950, 2006),
                )
                destination = permanence = ""
                ready = None
                wait_cause = ""
                if departure is not None:
                    destination = rng.choices(self._destinations, self._weights)[0]
                    permanent = self._permanent[destination]
                    if rng.random() < 0.15:
                        permanent = not permanent
                    permanence = "varig" if permanent else "midlertidig"
                    if length > 3 and rng.random() < 0.6:
                        ready = arrival + datetime.timedelta(days=int(length * rng.uniform(0.3, 0.95)))
                        wait_cause = rng.choice(WAIT_CAUSES)
                stay = Stay(
                    id=self.uuid(),
                    shelter=shelter,
                    resident=resident,
                    arrival_date=arrival,
                    contact_person=contact,
                    departure_date=departure,
                    destination=destination,
                    permanence=permanence,
                    ready_to_move_date=ready,
                    wait_cause=wait_cause,
                )
                residents.append(resident)
                stays.append(stay)
                self._housing(shelter, stay, contact, assessments, tracks, notifications, tasks)
                self._pathways(shelter, stay, contact, pathways)
            Resident.objects.bulk_create(residents, batch_size=BATCH)
            Stay.objects.bulk_create(stays, batch_size=BATCH)
            HousingAssessment.objects.bulk_create(assessments, batch_size=BATCH)
            StayTrack.objects.bulk_create(tracks, batch_size=BATCH)
            Notification.objects.bulk_create(notifications, batch_size=BATCH)
            Task.objects.bulk_create(tasks, batch_size=BATCH)
            for model, rows in pathways.items():  # in dependency order: ads before their viewings
                model.objects.bulk_create(rows, batch_size=BATCH)
                self.counts.pathway_rows += len(rows)
            self.counts.stays += len(stays)
            self.counts.assessments += len(assessments)
            self.counts.tracks += len(tracks)
            self.counts.notifications += len(notifications)
            self.counts.tasks += len(tasks)

    def _housing(self, shelter, stay, contact, assessments, tracks, notifications, tasks):
        rng = self.rng
        end = stay.departure_date or self.today
        completed = stay.arrival_date + datetime.timedelta(days=min(rng.randint(0, 8), (end - stay.arrival_date).days))
        if rng.random() < 0.05 or completed > self.today:
            completed = None
        needs_new_home = stay.destination not in {"tilbake_voldsutover", "tidligere_bolig"} and rng.random() < 0.75
        if rng.random() < 0.97:
            assessments.append(
                HousingAssessment(
                    id=self.uuid(),
                    shelter=shelter,
                    stay=stay,
                    previous_municipality=rng.choice(MUNICIPALITIES),
                    new_home_needed="ja" if needs_new_home else rng.choice(["nei", "usikker"]),
                    direction="ny_bolig" if needs_new_home else rng.choice(["tilbake", "ikke_avklart"]),
                    completed_on=completed,
                    completed_by=contact if completed else None,
                )
            )
        chosen_on = completed or stay.arrival_date + datetime.timedelta(days=1)
        if chosen_on > end:
            chosen_on = stay.arrival_date
        chosen = set()
        if stay.destination in DESTINATION_TRACK and rng.random() < 0.85:
            chosen.add(DESTINATION_TRACK[stay.destination])
        if needs_new_home:
            if rng.random() < 0.6:
                chosen.add("kommunal_bolig")
            if rng.random() < 0.5:
                chosen.add("privat_leie")
        for track in sorted(chosen):
            tracks.append(StayTrack(id=self.uuid(), shelter=shelter, stay=stay, track=track, chosen_on=chosen_on))
        if needs_new_home and completed:
            for agency, chance in (("nav", 0.9), ("boligkontor", 0.8)):
                sent = completed + datetime.timedelta(days=rng.randint(-1, 10))
                if rng.random() < chance and stay.arrival_date <= sent <= self.today:
                    notifications.append(
                        Notification(
                            id=self.uuid(),
                            shelter=shelter,
                            stay=stay,
                            agency=agency,
                            sent_on=sent,
                            channel="telefon",
                            request="Syntetisk henvendelse",
                            created_by=contact,
                        )
                    )
        for number in range(self.spec.tasks_per_stay):
            due = stay.arrival_date + datetime.timedelta(days=2 + 4 * number + rng.randint(0, 3))
            done = due if due <= end and (stay.departure_date or rng.random() < 0.5) else None
            tasks.append(
                Task(
                    id=self.uuid(),
                    shelter=shelter,
                    stay=stay,
                    title=f"Syntetisk oppgave {number + 1}",
                    responsible_party=rng.choice(PARTIES),
                    due_date=due,
                    done_on=done,
                )
            )

    def _pathways(self, shelter, stay, contact, rows: dict) -> None:
        """What the overview's reminders and the follow-up list read: police measures around their
        expiry and viewings in the coming days for current stays, follow-up plans after departure."""
        rng, today = self.rng, self.today
        if stay.departure_date is None:
            if rng.random() < 0.4:
                decided = stay.arrival_date - datetime.timedelta(days=rng.randint(0, 200))
                rows[SafetyMeasure].append(
                    SafetyMeasure(
                        id=self.uuid(),
                        shelter=shelter,
                        stay=stay,
                        kind=rng.choice(MeasureKind.values),
                        status="innvilget",
                        decided_on=decided,
                        valid_from=decided,
                        expires_on=today + datetime.timedelta(days=rng.randint(-5, 60)),
                        created_by=contact,
                    )
                )
            if rng.random() < 0.3:
                ad = RentalAd(
                    id=self.uuid(),
                    shelter=shelter,
                    stay=stay,
                    area=f"Område {rng.randint(1, 40)}",
                    monthly_rent=rng.randint(7, 16) * 1000,
                    deposit=20_000,
                    rooms=rng.randint(1, 4),
                    source="finn",
                    status="visning_avtalt",
                    status_changed_on=today,
                    created_by=contact,
                )
                rows[RentalAd].append(ad)
                rows[Viewing].append(
                    Viewing(
                        id=self.uuid(),
                        shelter=shelter,
                        stay=stay,
                        ad=ad,
                        date=today + datetime.timedelta(days=rng.randint(0, 5)),
                        starts_at=datetime.time(17, 0),
                        ends_at=datetime.time(17, 30),
                        staff=contact,
                    )
                )
        elif (today - stay.departure_date).days <= 120 and rng.random() < 0.6:
            rows[FollowUpPlan].append(
                FollowUpPlan(
                    id=self.uuid(),
                    shelter=shelter,
                    stay=stay,
                    coordinating_service="nav",
                    next_follow_up_on=stay.departure_date + datetime.timedelta(days=rng.randint(7, 60)),
                    created_by=contact,
                )
            )
