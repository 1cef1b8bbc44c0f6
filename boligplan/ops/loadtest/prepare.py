"""Preparing the load test's scratch database (runs in a child process as the tables' owner)."""

from __future__ import annotations

import datetime
import random
import secrets
import time
from urllib.parse import urlencode

USERNAME = "last-{:03d}"
USER_FULL_NAME = "Lasttest"


def statistics_path(today: datetime.date) -> str:
    year = today.year - 1
    return "/statistikk/?" + urlencode({"fra": f"{year}-01-01", "til": f"{year}-12-31"})


def prepare(*, scale: str, sessions: int, seed: int, notes_per_stay: int, password: str, app_role: str, out=print):
    """Migrate, generate the scale, add notes and the load-test accounts. Returns the accounts."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from boligplan.accounts.models import TOTPDevice
    from boligplan.bench.generate import SCALES, Generator
    from boligplan.core.models import Membership, Shelter
    from boligplan.residents.models import JournalNote, Stay

    today = timezone.localdate()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    out(f"   migrated in {time.perf_counter() - started:.0f} s; generating the {scale} scale")

    def progress(done, total, counts):
        if done == total or done % 10 == 0:
            out(f"   generated {done}/{total} shelters, {counts.stays} stays")

    counts = Generator(SCALES[scale], seed=seed, today=today).run(progress)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, seeded on purpose  # nosec B311
    shelters = list(Shelter.objects.filter(name__startswith="Benchmark-senter").order_by("name"))
    User = get_user_model()
    notes = 0
    if notes_per_stay:
        for shelter in shelters:
            authors = list(User.objects.filter(membership__shelter=shelter).values_list("pk", flat=True))
            batch = [
                JournalNote(
                    shelter_id=shelter.pk,
                    stay_id=stay_id,
                    author_id=rng.choice(authors),
                    text=f"Syntetisk notat {number + 1}. " + "Samtale om bolig og videre plan. " * rng.randint(1, 8),
                )
                for stay_id in Stay.objects.filter(shelter=shelter).values_list("pk", flat=True)
                for number in range(notes_per_stay)
            ]
            JournalNote.objects.bulk_create(batch, batch_size=2000)
            notes += len(batch)
    # One leader per session, spread over the shelters; the same password hash for all (one
    # Argon2 run here instead of hundreds), each with its own TOTP key.
    hashed = make_password(password)
    accounts = []
    with transaction.atomic():
        for number in range(sessions):
            user = User.objects.create(username=USERNAME.format(number), full_name=USER_FULL_NAME, password=hashed)
            Membership.objects.create(user=user, shelter=shelters[number % len(shelters)], role="leder")
            key = secrets.token_hex(20)
            TOTPDevice.objects.create(user=user, name="app", confirmed=True, key=key)
            accounts.append({"username": user.username, "key": key})
    if connection.vendor == "postgresql":
        call_command("create_app_role", app_role, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "accounts": accounts,
        "statistics_path": statistics_path(today),
        "stays": counts.stays,
        "shelters": counts.shelters,
        "rows": counts.rows + notes,
        "notes": notes,
        "seconds": time.perf_counter() - started,
    }
