"""The safety part of the resident's page (measures, expiry, checklist progress, the safe return),
and constant queries on the safety pages for 1 and 20 rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from boligplan.housing import services as housing_services
from boligplan.safety import services
from boligplan.safety.checklist import checklist_items
from boligplan.safety.services import ItemInput
from tests.safety.helpers import DAY, measure_values, section_of, stay_page

# --- The resident's page -------------------------------------------------------------------------


def test_the_section_shows_measures_expiry_and_checklist_progress(client_for, kari, stay, today):
    services.measure_record(
        actor=kari, stay=stay, values=measure_values(today, expires_on=today + 5 * DAY), today=today
    )
    services.measure_record(
        actor=kari,
        stay=stay,
        values=measure_values(
            today, kind="kontaktforbud", status="anmodet", decided_on=None, valid_from=None, expires_on=None
        ),
        today=today,
    )
    items = checklist_items()
    services.checklist_save(
        actor=kari,
        stay=stay,
        items={items[0].key: ItemInput("ok", "", 0), items[1].key: ItemInput("folges_opp", "", 0)},
        today=today,
    )

    section = section_of(stay_page(client_for(kari), stay))

    assert "app-status app-status--danger" in section and "5 dager igjen" in section
    assert "Kontaktforbud" in section and "Bedt om" in section
    assert f"2 av {len(items)} punkter er gått gjennom." in section
    assert items[1].title in section.split("Må følges opp", 1)[1]
    for item in items[2:]:
        assert escape(item.title) in section
    # Not on the return track: no safe-return part.
    assert "Trygg hjemflytting" not in section


def test_the_section_shows_a_lapsed_measure_as_expired(client_for, kari, stay, today):
    services.measure_record(
        actor=kari,
        stay=stay,
        values=measure_values(
            today,
            requested_on=today - 90 * DAY,
            decided_on=today - 80 * DAY,
            valid_from=today - 80 * DAY,
            expires_on=today - DAY,
        ),
        today=today,
    )
    section = section_of(stay_page(client_for(kari), stay))
    assert "Utløpt" in section and "står som innvilget" in section


def test_the_safe_return_part_is_prominent_on_the_return_track(client_for, kari, stay, today):
    housing_services.tracks_set(actor=kari, stay=stay, tracks=["tilbake"], today=today)
    section = section_of(stay_page(client_for(kari), stay))
    assert "Trygg hjemflytting" in section
    assert "Sikkerheten ved å flytte hjem er ikke vurdert" in section
    assert reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk}) in section


def test_the_safe_return_part_follows_the_assessed_direction(client_for, kari, stay, today):
    housing_services.assessment_save(
        actor=kari, stay=stay, values={"direction": "tilbake"}, complete=False, today=today
    )
    services.safe_return_save(actor=kari, stay=stay, values={"conclusion": "usikker"}, complete=True, today=today)
    section = section_of(stay_page(client_for(kari), stay))
    assert "✓ Vurdert" in section and "Usikker" in section


# --- Constant queries --------------------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_many(stay, kari, today, number):
    for index in range(number):
        services.measure_record(
            actor=kari,
            stay=stay,
            values=measure_values(
                today, kind=["besoksforbud", "voldsalarm"][index % 2], expires_on=today + index * DAY
            ),
            today=today,
        )
    services.checklist_save(
        actor=kari,
        stay=stay,
        items={item.key: ItemInput("ok", f"n{index}", 0) for index, item in enumerate(checklist_items()[:number])},
        today=today,
    )


@pytest.mark.parametrize("page", ["stay-detail", "safe-return", "checklist", "measure-edit"])
def test_pages_take_the_same_number_of_queries_for_1_and_20_rows(client_for, kari, make_stay, today, page):
    def url_for(stay):
        if page == "stay-detail":
            return reverse("residents:stay-detail", kwargs={"stay_id": stay.pk})
        if page == "safe-return":
            return reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})
        if page == "checklist":
            return reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk})
        return reverse("safety:measure-edit", kwargs={"measure_id": stay.safety_measures.first().pk})

    client = client_for(kari)
    small, large = make_stay(display_name="En"), make_stay(display_name="Tjue")
    add_many(small, kari, today, 1)
    add_many(large, kari, today, 20)
    for stay in (small, large):
        services.safe_return_save(
            actor=kari, stay=stay, values={"reason": "x", "conclusion": "ja"}, complete=True, today=today
        )
    client.get(url_for(small))  # warm the session and caches

    assert count_queries(client, url_for(small)) == count_queries(client, url_for(large))
