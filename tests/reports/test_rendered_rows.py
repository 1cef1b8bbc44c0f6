"""The overview's rows kept per stay (reports/rendered_rows.py, ADR 0031): after a write, only the
rows it touched are built again, and never is a row served that is older than its stay's data.

Every write service showing on the next overview is tested in tests/core/test_shelter_cache.py
(with this cache on); here: which rows are rebuilt, the shared version, stale copies, shelters.
"""

import datetime

import pytest

from boligplan.core import services as core_services
from boligplan.core.dataversion import version_of
from boligplan.core.models import Shelter
from boligplan.housing import services as housing_services
from boligplan.reports import rendered_rows as rendered_rows_module
from boligplan.residents.models import Stay
from tests.core.test_shelter_cache import shelter_cache  # noqa: F401 - the fixture

from .test_overview import overview_html, row_for


@pytest.fixture
def built(monkeypatch):
    """The stays whose rows the overview builds, one set per page asked for."""
    calls: list[set] = []
    real = rendered_rows_module.overview_rows_for

    def recording(stays, *, today):
        rows = real(stays, today=today)
        calls.append({row.stay.pk for row in rows})
        return rows

    monkeypatch.setattr(rendered_rows_module, "overview_rows_for", recording)
    return calls


@pytest.fixture
def three(make_stay):
    return [make_stay(display_name=name, days_ago=days) for name, days in (("Åse A", 9), ("Bente B", 6), ("Cora C", 3))]


def test_a_write_to_one_resident_rebuilds_only_that_row(client_for, kari, three, today, shelter_cache, built):  # noqa: F811
    client = client_for(kari)
    overview_html(client)
    assert built == [{stay.pk for stay in three}]

    housing_services.task_create(
        actor=kari, stay=three[1], title="Ring Nav om bostøtte", responsible_party="nav", assignee=None, due_date=None
    )
    html = overview_html(client)

    assert built[1] == {three[1].pk}
    assert "Ring Nav om bostøtte" in row_for(html, "Bente B")
    assert html.index("Åse A") < html.index("Bente B") < html.index("Cora C")  # longest stay first, as before
    assert "(3)" in html


def test_a_write_that_names_no_stay_rebuilds_every_row(client_for, kari, shelter, three, today, shelter_cache, built):  # noqa: F811
    client = client_for(kari)
    overview_html(client)

    core_services.shelter_update_settings(actor=kari, shelter=shelter, assessment_due_days=8)
    html = overview_html(client)

    assert built[1] == {stay.pk for stay in three}
    due = three[2].arrival_date + datetime.timedelta(days=8)
    assert f"Frist {due.day}." in row_for(html, "Cora C")  # the new setting, on a row no write named


def test_nothing_is_rebuilt_when_nothing_changed(client_for, kari, three, shelter_cache, built):  # noqa: F811
    client = client_for(kari)
    overview_html(client)
    shelter_cache.delete_many([key for key in list(shelter_cache._cache) if "overview-page" in key])  # the page only

    overview_html(client)

    assert built == [{stay.pk for stay in three}]  # the second page was put together from the kept rows


def test_a_departed_resident_leaves_the_kept_rows(client_for, kari, three, today, shelter_cache):  # noqa: F811
    from boligplan.residents import services as resident_services

    client = client_for(kari)
    overview_html(client)
    resident_services.stay_depart(
        actor=kari, stay=three[0], departure_date=today, destination="familie_venner", permanence="midlertidig"
    )

    html = overview_html(client)

    assert "Åse A" not in html and "(2)" in html


def test_the_kept_rows_are_per_shelter_and_per_language(
    client_for,
    kari,
    frida,
    three,
    foreign_stay,
    shelter_cache,  # noqa: F811
):
    ours, theirs = overview_html(client_for(kari)), overview_html(client_for(frida))
    assert "X.Y." not in ours and "Åse A" in ours
    assert "Åse A" not in theirs and "X.Y." in theirs

    overview_html(client_for(kari))  # the Bokmål rows are kept now
    kari.language = "nn"
    kari.save(update_fields=["language"])

    html = overview_html(client_for(kari))

    assert "Ikkje avklart" in row_for(html, "Åse A") and "Ikke avklart" not in html


def test_a_stale_copy_of_a_stay_saved_after_a_write_keeps_the_new_row_version(kari, three):
    stale = Stay.objects.get(pk=three[0].pk)
    housing_services.task_create(
        actor=kari, stay=three[0], title="Ny", responsible_party="nav", assignee=None, due_date=None
    )
    moved = Stay.objects.values_list("row_version", flat=True).get(pk=three[0].pk)
    assert moved != stale.row_version

    stale.wait_cause = ""
    stale.save()

    assert Stay.objects.values_list("row_version", flat=True).get(pk=three[0].pk) == moved


def test_a_stale_copy_of_the_shelter_saved_after_a_write_keeps_its_versions(kari, shelter, three):
    stale = Shelter.objects.get(pk=shelter.pk)
    core_services.shelter_update_settings(actor=kari, shelter=shelter, assessment_due_days=5)
    moved = Shelter.objects.values_list("data_version", "shared_version").get(pk=shelter.pk)
    assert moved[0] == version_of(shelter.pk) and moved != (stale.data_version, stale.shared_version)

    stale.save()

    assert Shelter.objects.values_list("data_version", "shared_version").get(pk=shelter.pk) == moved


def test_a_write_to_a_stay_moves_that_stays_row_version_only(kari, three):
    before = dict(Stay.objects.values_list("pk", "row_version"))
    shared_before = Shelter.objects.values_list("shared_version", flat=True).get(pk=three[0].shelter_id)

    housing_services.task_create(
        actor=kari, stay=three[1], title="Ny", responsible_party="nav", assignee=None, due_date=None
    )

    after = dict(Stay.objects.values_list("pk", "row_version"))
    assert [pk for pk in before if before[pk] != after[pk]] == [three[1].pk]
    assert Shelter.objects.values_list("shared_version", flat=True).get(pk=three[0].shelter_id) == shared_before
