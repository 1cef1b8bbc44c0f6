"""What a failed submit gives a screen-reader or keyboard user: the title says "Feil:", the error
summary is marked for focus, and its links land on something that can take focus."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def tracks_url(stay):
    return reverse("housing:tracks-edit", kwargs={"stay_id": stay.pk})


def test_the_title_starts_with_feil_only_when_the_form_has_errors(client_for, kari, stay):
    client = client_for(kari)
    shown = client.get(tracks_url(stay)).content.decode()
    failed = client.post(tracks_url(stay), {"submitted": "1"})

    assert failed.status_code == 400
    assert re.search(r"<title>\s*Feil: Spor mot bolig", failed.content.decode())
    assert not re.search(r"<title>\s*Feil:", shown)


def test_the_error_summary_is_marked_for_focus_and_the_script_is_loaded(client_for, kari, stay):
    page = client_for(kari).post(tracks_url(stay), {"submitted": "1"}).content.decode()

    assert re.search(r'class="ds-error-summary"[^>]*tabindex="-1"[^>]*data-error-summary', page)
    assert re.search(r'<script src="/static/boligplan/app\.js[^"]*" defer>', page)


def test_a_group_error_links_to_its_first_input_and_the_group_is_described(client_for, kari, stay):
    page = client_for(kari).post(tracks_url(stay), {"submitted": "1"}).content.decode()

    assert 'href="#id_tracks_0"' in page
    assert re.search(r'<input[^>]*id="id_tracks_0"', page)
    assert 'href="#id_tracks"' not in page
    fieldset = re.search(r"<fieldset[^>]*>", page).group(0)
    assert 'aria-describedby="id_tracks_helptext id_tracks_error"' in fieldset
    assert 'id="id_tracks_helptext"' in page and 'id="id_tracks_error"' in page


def test_a_radio_group_error_links_to_its_first_radio(client_for, kari, stay, today):
    url = reverse("residents:stay-depart", kwargs={"stay_id": stay.pk})
    page = client_for(kari).post(url, {"departure_date": today.isoformat(), "destination": "ny_kommunal"})

    assert page.status_code == 400
    text = page.content.decode()
    assert 'href="#id_permanence_0"' in text
    assert re.search(
        r'<input[^>]*type="radio"[^>]*id="id_permanence_0"|<input[^>]*id="id_permanence_0"[^>]*type="radio"', text
    )
