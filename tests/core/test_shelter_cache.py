# ruff: noqa: F811 - ctx is the fixture imported from tests/audit/writes.py, used as a parameter throughout
"""The per-shelter cache never shows a page older than the last write (ADR 0025).

A stale overview in a shelter is a safety problem, so for every write service: the overview and
the work queue are asked for (filling the cache), the write runs, and the next overview and work
queue must be exactly what they are when built from scratch. The shelter's data version must
have moved in the write's own transaction (a failed write leaves it where it was).
"""

import datetime
import inspect
import uuid
from importlib import import_module

import pytest
from django.test import override_settings

from boligplan.aftercare import services as aftercare_services
from boligplan.agencies import services as agency_services
from boligplan.audit import services as audit_services
from boligplan.core.dataversion import CACHE_ALIAS, version_of
from boligplan.housing import services as housing_services
from boligplan.rental import services as rental_services
from boligplan.residents import addresses
from boligplan.residents import services as resident_services
from boligplan.safety import services as safety_services
from tests.audit.writes import WRITES, case, ctx, departed  # noqa: F401 - fixtures and the write table
from tests.helpers import without_csrf

SHELTER_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    CACHE_ALIAS: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-shelterdata"},
}


@pytest.fixture
def shelter_cache():
    """The shelters' cache as in production (tests run with it off, see config/settings/test.py)."""
    from django.core.cache import caches

    with override_settings(CACHES=SHELTER_CACHE):
        caches[CACHE_ALIAS].clear()
        yield caches[CACHE_ALIAS]
        caches[CACHE_ALIAS].clear()


def _ad(ctx):
    return rental_services.ad_record(
        actor=ctx.kari,
        stay=ctx.stay,
        values={"area": "Sagene", "monthly_rent": 12_000, "deposit": 20_000, "rooms": 2, "source": "finn"},
        today=ctx.today,
    )


def _measure(ctx):
    return safety_services.measure_record(
        actor=ctx.kari,
        stay=ctx.stay,
        values={"kind": "voldsalarm", "status": "innvilget", "decided_on": ctx.today, "expires_on": ctx.today},
        today=ctx.today,
    )


def _viewing_values(ctx, days=1):
    return {
        "date": ctx.today + datetime.timedelta(days=days),
        "starts_at": datetime.time(17, 0),
        "ends_at": datetime.time(17, 30),
        "staff": ctx.kari,
        "note": "",
    }


def _agency(ctx):
    return agency_services.agency_create(
        actor=ctx.kari, shelter=ctx.shelter, values={"name": "Fjordby legevakt", "kind": "annen"}
    )


# The write services tests/audit/writes.py does not already list (its WRITES table is used as well).
EXTRA_WRITES = {
    "temporary_departure_follow_up": lambda ctx: housing_services.temporary_departure_follow_up(
        actor=ctx.kari, stay=ctx.departed, reason_label="Familie"
    ),
    "notification_record_both": lambda ctx: housing_services.notification_record_both(
        actor=ctx.kari, stay=ctx.stay, values={"sent_on": ctx.today, "channel": "brev", "request": "Bolig"}
    ),
    "application_record": lambda ctx: housing_services.application_record(
        actor=ctx.kari,
        stay=ctx.stay,
        values={"kind": "kommunal_bolig", "agency": "Tildeling", "sent_on": ctx.today, "status": "sendt"},
    ),
    "application_update": lambda ctx: housing_services.application_update(
        actor=ctx.kari,
        application=housing_services.application_record(
            actor=ctx.kari,
            stay=ctx.stay,
            values={"kind": "kommunal_bolig", "agency": "Tildeling", "sent_on": ctx.today, "status": "sendt"},
        ),
        values={"status": "avslag", "decision_on": ctx.today},
    ),
    "measure_record": _measure,
    "measure_update": lambda ctx: safety_services.measure_update(
        actor=ctx.kari,
        measure=_measure(ctx),
        values={"expires_on": ctx.today + datetime.timedelta(days=2)},
        today=ctx.today,
    ),
    "safe_return_save": lambda ctx: safety_services.safe_return_save(
        actor=ctx.kari, stay=ctx.stay, values={}, complete=False, today=ctx.today
    ),
    "checklist_save": lambda ctx: safety_services.checklist_save(
        actor=ctx.kari,
        stay=ctx.stay,
        items={"kollektivtransport": safety_services.ItemInput("", "", 1)},  # cleared: build() answered it
        today=ctx.today,
    ),
    "ad_record": _ad,
    "ad_update": lambda ctx: rental_services.ad_update(
        actor=ctx.kari, ad=_ad(ctx), values={"status": "visning_avtalt"}, today=ctx.today
    ),
    "contact_record": lambda ctx: rental_services.contact_record(
        actor=ctx.kari, ad=_ad(ctx), values={"kind": "telefon", "contacted_on": ctx.today, "outcome": "Ok"}
    ),
    "viewing_record": lambda ctx: rental_services.viewing_record(
        actor=ctx.kari, ad=_ad(ctx), values=_viewing_values(ctx)
    ),
    "viewing_update": lambda ctx: rental_services.viewing_update(
        actor=ctx.kari,
        viewing=rental_services.viewing_record(actor=ctx.kari, ad=_ad(ctx), values=_viewing_values(ctx)),
        values=_viewing_values(ctx, days=2),
    ),
    "search_save": lambda ctx: rental_services.search_save(
        actor=ctx.kari, stay=ctx.stay, values={"household_monthly_income": 30_000}
    ),
    "followup_plan_save": lambda ctx: aftercare_services.followup_plan_save(
        actor=ctx.kari,
        stay=ctx.stay,
        values={"coordinating_service": "nav", "next_follow_up_on": ctx.today + datetime.timedelta(days=3)},
        today=ctx.today,
    ),
    "followup_contact_record": lambda ctx: aftercare_services.followup_contact_record(
        actor=ctx.kari,
        stay=ctx.departed,
        values={"contacted_on": ctx.today, "kind": "telefon"},
        today=ctx.today,
    ),
    "stay_set_new_home_address": lambda ctx: addresses.stay_set_new_home_address(
        actor=ctx.kari, stay=ctx.stay, address="Testveien 1, 0001 Oslo"
    ),
    "resident_set_protection": lambda ctx: addresses.resident_set_protection(
        actor=ctx.kari, resident=ctx.stay.resident, grading="FORTROLIG"
    ),
    "resident_register_once": lambda ctx: resident_services.resident_register_once(
        actor=ctx.kari,
        resident_id=uuid.uuid4(),
        shelter=ctx.shelter,
        display_name="Ny Person",
        birth_year=1980,
        arrival_date=ctx.today,
        contact_person=ctx.kari,
    ),
    "agency_create": _agency,
    "agency_update": lambda ctx: agency_services.agency_update(
        actor=ctx.kari, agency=_agency(ctx), values={"name": "Fjordby legevakt og helsesenter", "kind": "annen"}
    ),
    "agency_remove": lambda ctx: agency_services.agency_remove(actor=ctx.kari, agency=_agency(ctx)),
}
ALL_WRITES = {name: write for name, (write, _actions) in WRITES.items()} | EXTRA_WRITES
# Named in WRITES by what they do rather than by the function's name.
WRITE_ALIASES = {"assessment_save": "assessment_save_complete"}
# Functions with an actor that are not a write of case data of their own, and why.
NOT_WRITES = {
    "audit_record": "the audit write itself (moves the version for every write)",
    "access_report_record": "the access report is a read, audited as one",
    "address_view": "a read of the address, audited as one",
    "address_reveal": "a read of the address, audited as one",
    "letter_address": "a read for a letter",
    "notification_letter_print": "a print, audited (which moves the version too, harmlessly)",
    "children_record_departure": "part of stay_depart, in its transaction",
    "partner_municipalities_set": "the shelter's partner list, no case data on any cached page",
}
SERVICE_MODULES = [
    "boligplan.aftercare.services",
    "boligplan.agencies.services",
    "boligplan.audit.services",
    "boligplan.children.services",
    "boligplan.core.services",
    "boligplan.housing.services",
    "boligplan.rental.services",
    "boligplan.residents.services",
    "boligplan.residents.addresses",
    "boligplan.safety.services",
]


def test_every_write_service_is_in_the_table():
    """A new write service must be added here, so its cache test is never forgotten."""
    missing = []
    for dotted in SERVICE_MODULES:
        module = import_module(dotted)
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != dotted:
                continue
            if "actor" not in inspect.signature(function).parameters:
                continue
            if WRITE_ALIASES.get(name, name) not in ALL_WRITES and name not in NOT_WRITES:
                missing.append(f"{dotted}.{name}")
    assert missing == []


# The shelter's list pages that are cached (the overview, the work queue, the follow-ups due).
SHELTER_PAGES = ("/", "/oppgaver/", "/oppfolging/")


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return without_csrf(response.content.decode())


@pytest.mark.parametrize("name", sorted(ALL_WRITES))
def test_the_next_overview_queue_and_followups_show_every_write(ctx, client_for, shelter_cache, name):
    client = client_for(ctx.kari)
    before = version_of(ctx.shelter.pk)
    for path in SHELTER_PAGES:
        _page(client, path)  # now in the cache
    assert len(shelter_cache._cache) >= len(SHELTER_PAGES)

    ALL_WRITES[name](ctx)

    assert version_of(ctx.shelter.pk) != before
    served = {path: _page(client, path) for path in SHELTER_PAGES}
    shelter_cache.clear()
    fresh = {path: _page(client, path) for path in SHELTER_PAGES}
    assert served == fresh


def test_a_cached_overview_is_served_while_nothing_changes(ctx, client_for, shelter_cache, django_assert_num_queries):
    """The cache is really used: the second overview asks the database less (the guard above
    would pass trivially if nothing were cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ctx.kari)
    with CaptureQueriesContext(connection) as first:
        _page(client, "/")
    with CaptureQueriesContext(connection) as second:
        _page(client, "/")
    assert len(second) < len(first) - 3


def test_a_failed_write_leaves_the_version(ctx, monkeypatch):
    before = version_of(ctx.shelter.pk)

    def audit_down(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(audit_services, "_insert", audit_down)
    with pytest.raises(RuntimeError):
        ALL_WRITES["task_create"](ctx)
    monkeypatch.undo()

    assert version_of(ctx.shelter.pk) == before


def test_a_read_leaves_the_version(ctx, client_for):
    client = client_for(ctx.kari)
    before = version_of(ctx.shelter.pk)
    _page(client, "/")
    _page(client, f"/opphold/{ctx.stay.pk}/")
    assert version_of(ctx.shelter.pk) == before


def test_a_write_moves_only_its_own_shelters_version(ctx, other_shelter):
    before = version_of(other_shelter.pk)
    ALL_WRITES["task_create"](ctx)
    assert version_of(other_shelter.pk) == before


def test_the_dashboard_is_cached_and_shows_the_next_write(ctx, client_for, lene, shelter_cache):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(lene)
    path = f"/statistikk/?fra={ctx.today.year}-01-01&til={ctx.today.year}-12-31"
    first = _page(client, path)
    with CaptureQueriesContext(connection) as again:
        assert _page(client, path) == first
    assert len(again) < 12  # the figures' own queries are not made again

    resident_services.stay_depart(
        actor=ctx.kari, stay=ctx.stay, departure_date=ctx.today, destination="ny_kommunal", permanence="varig"
    )
    served = _page(client, path)
    shelter_cache.clear()
    assert served == _page(client, path) != first
