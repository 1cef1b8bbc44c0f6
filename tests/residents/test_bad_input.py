"""Bad input on the residents' forms (registering, a stay, departure, ready to move, journal notes,
the contact person): 400, the message next to the field and in the summary, the input kept, nothing
saved, never a 500. The table's shape and the check are shared (tests/badinput.py)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from boligplan.residents import services as resident_services
from tests.badinput import Bad, day, refused_kept_and_explained, stay_url
from tests.helpers import data_snapshot

LONG_NAME = "N" * 121
LONG_NOTE = "Notat " + "n" * 4995  # 5001 characters
OPEN_STAY_MESSAGE = "Personen har allerede et åpent opphold. Registrer utflytting først."


def register(c):
    return reverse("residents:resident-register")


def register_data(c, **changes):
    data = {
        "display_name": "Rita Registrert",
        "birth_year": "1980",
        "arrival_date": day(c.today, -1),
        "contact_person": str(c.kari.pk),
    }
    return {**data, **changes}


def depart_data(c, **changes):
    return {"departure_date": day(c.arrival, 1), "destination": "ny_kommunal", "permanence": "varig", **changes}


BAD = [
    # Registering a resident.
    Bad(
        "register-long-name",
        register,
        lambda c: register_data(c, display_name=LONG_NAME),
        "display_name",
        None,
        lambda c: [f'value="{LONG_NAME}"', 'value="1980"'],
    ),
    Bad(
        "register-blank-name",
        register,
        lambda c: register_data(c, display_name="   "),
        "display_name",
        None,
        lambda c: ['value="1980"', f'value="{day(c.today, -1)}"'],
    ),
    Bad(
        "register-birth-year-too-early",
        register,
        lambda c: register_data(c, birth_year="1850"),
        "birth_year",
        lambda c: f"Fødselsåret må være mellom 1900 og {c.today.year - 16}.",
        lambda c: ['value="1850"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-birth-year-a-child",
        register,
        lambda c: register_data(c, birth_year=str(c.today.year - 2)),
        "birth_year",
        lambda c: f"Fødselsåret må være mellom 1900 og {c.today.year - 16}.",
        lambda c: [f'value="{c.today.year - 2}"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-birth-year-not-a-number",
        register,
        lambda c: register_data(c, birth_year="nitten-åtti"),
        "birth_year",
        None,
        lambda c: ['value="nitten-åtti"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-arrival-in-future",
        register,
        lambda c: register_data(c, arrival_date=day(c.today, 1)),
        "arrival_date",
        "Ankomstdatoen kan ikke være fram i tid.",
        lambda c: [f'value="{day(c.today, 1)}"', 'value="Rita Registrert"'],
    ),
    Bad(
        "register-contact-from-other-shelter",
        register,
        lambda c: register_data(c, contact_person=str(c.frida.pk)),
        "contact_person",
        None,
        lambda c: ['value="Rita Registrert"', 'value="1980"'],
    ),
    # A second open stay.
    Bad(
        "stay-open-while-open",
        lambda c: reverse("residents:stay-open", kwargs={"resident_id": c.resident.pk}),
        lambda c: {"arrival_date": day(c.today, 0), "contact_person": str(c.kari.pk)},
        "arrival_date",
        OPEN_STAY_MESSAGE,
        lambda c: [f'value="{day(c.today, 0)}"'],
    ),
    # Departure.
    Bad(
        "depart-before-arrival",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, departure_date=day(c.arrival, -1)),
        "departure_date",
        "Utflytting kan ikke være før ankomst.",
        lambda c: [f'value="{day(c.arrival, -1)}"', '<option value="ny_kommunal" selected>'],
    ),
    Bad(
        "depart-in-future",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, departure_date=day(c.today, 1)),
        "departure_date",
        "Utflytting registreres når den har skjedd, ikke på forhånd.",
        lambda c: [f'value="{day(c.today, 1)}"', '<option value="ny_kommunal" selected>'],
    ),
    Bad(
        "depart-unknown-destination",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, destination="manen"),
        "destination",
        None,
        lambda c: [f'value="{day(c.arrival, 1)}"', re.compile(r'value="varig"[^>]*checked')],
    ),
    Bad(
        "depart-unknown-permanence",
        stay_url("residents:stay-depart"),
        lambda c: depart_data(c, permanence="for-alltid"),
        "permanence",
        None,
        lambda c: [f'value="{day(c.arrival, 1)}"', '<option value="ny_kommunal" selected>'],
    ),
    # Ready to move.
    Bad(
        "ready-before-arrival",
        stay_url("residents:stay-ready-to-move"),
        lambda c: {"ready_to_move_date": day(c.arrival, -3), "wait_cause": "nav"},
        "ready_to_move_date",
        "Datoen kan ikke være før ankomstdatoen.",
        lambda c: [f'value="{day(c.arrival, -3)}"', '<option value="nav" selected>'],
    ),
    # Journal notes (the form sits on the stay page).
    Bad(
        "note-too-long",
        stay_url("residents:note-add"),
        lambda c: {"text": LONG_NOTE},
        "text",
        None,
        lambda c: [LONG_NOTE],
        form_key="note_form",
    ),
    Bad(
        "note-empty",
        stay_url("residents:note-add"),
        lambda c: {"text": "  \n  "},
        "text",
        None,
        form_key="note_form",
    ),
    # Changing the contact person.
    Bad(
        "contact-from-other-shelter",
        stay_url("residents:stay-contact-edit"),
        lambda c: {"contact_person": str(c.frida.pk)},
        "contact_person",
        None,
    ),
]


@pytest.mark.parametrize("bad", BAD, ids=lambda bad: bad.id)
def test_bad_input_is_refused_kept_and_explained(client_for, bad_input_ctx, bad):
    refused_kept_and_explained(client_for(bad_input_ctx.kari), bad_input_ctx, bad)


def test_a_second_open_stay_is_refused_even_when_the_form_is_fine(client_for, bad_input_ctx):
    """The stay-open page shows the service's refusal, and the resident keeps one open stay."""
    client = client_for(bad_input_ctx.kari)
    url = reverse("residents:stay-open", kwargs={"resident_id": bad_input_ctx.resident.pk})

    response = client.post(
        url, {"arrival_date": day(bad_input_ctx.today, 0), "contact_person": str(bad_input_ctx.kari.pk)}
    )

    assert response.status_code == 400
    assert bad_input_ctx.resident.stays.filter(departure_date__isnull=True).count() == 1
    assert escape(OPEN_STAY_MESSAGE) in response.content.decode()


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("residents:stay-depart", {"departure_date": "31.02.2025", "destination": "rosa", "permanence": "varig"}),
        ("housing:task-create", {"title": "x", "responsible_party": "nav", "due_date": "i morgen"}),
        ("housing:notification-create", {"agency": "nav", "sent_on": "0000-00-00", "channel": "x", "request": ""}),
        ("residents:stay-ready-to-move", {"ready_to_move_date": "99999-01-01"}),
        ("housing:tracks-edit", {}),
    ],
)
def test_garbage_is_a_400_never_a_500(client_for, bad_input_ctx, name, payload):
    before = data_snapshot()
    payload = payload or {"csrfmiddlewaretoken": "x"}  # what a browser sends with no box ticked

    response = client_for(bad_input_ctx.kari).post(reverse(name, kwargs={"stay_id": bad_input_ctx.stay.pk}), payload)

    assert response.status_code == 400
    assert 'class="ds-error-summary"' in response.content.decode()
    assert data_snapshot() == before


def test_ready_to_move_cannot_be_after_departure(client_for, kari, make_stay, today):
    """Days waiting for housing are counted from this date to departure; after departure is nonsense."""
    stay = make_stay(display_name="Dora Dratt", days_ago=20)
    departed_on = today - datetime.timedelta(days=10)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=departed_on, destination="rosa", permanence="varig"
    )
    before = data_snapshot()
    too_late = day(departed_on, 5)

    response = client_for(kari).post(
        reverse("residents:stay-ready-to-move", kwargs={"stay_id": stay.pk}),
        {"ready_to_move_date": too_late, "wait_cause": "kommunen"},
    )

    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="ds-error-summary"' in content
    assert 'id="id_ready_to_move_date_error"' in content
    assert f'value="{too_late}"' in content
    assert data_snapshot() == before


def test_markup_in_what_users_type_is_shown_as_text(client_for, kari, today):
    client = client_for(kari)
    name = '<b onmouseover="x()">Fet</b>'
    response = client.post(
        reverse("residents:resident-register"),
        {"display_name": name, "birth_year": "1980", "arrival_date": today.isoformat(), "contact_person": kari.pk},
    )
    assert response.status_code == 302
    content = client.get(reverse("reports:overview")).content.decode()
    assert escape(name) in content
    assert name not in content
