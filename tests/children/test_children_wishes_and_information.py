"""The child's own wishes and what the child was told.

The guide requires asking the child: the resident's page, the children list and the child's page
say so until a wish is written down. The overview flags a family whose move is planned or near
while a child has not been told what happens before it.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import dateformat, translation

from boligplan.children import services as children_services
from boligplan.children.models import ChildInformation, ChildWish
from boligplan.reports.selectors import overview_rows
from boligplan.residents import services as resident_services

OVERVIEW = reverse("reports:overview")
NOT_ASKED_STAY = "Ikke spurt om egne ønsker"
NOT_ASKED_CHILD = "Barnet er ikke spurt om hva det ønsker."
NOT_TOLD_STAY = "Har ikke fått vite hva som skjer før flyttingen"
NOT_TOLD_CHILD = "Flyttingen nærmer seg, men barnet har ikke fått vite hva som skjer før flyttingen."
OVERVIEW_FLAG = "Barn ikke informert før flytting"
OVERVIEW_ALERT = "1 familie skal snart flytte, men et barn har ikke fått vite hva som skjer før flyttingen."


def nb(value, fmt: str) -> str:
    with translation.override("nb"):
        return dateformat.format(value, fmt)


def child_url(name, child):
    return reverse(name, kwargs={"child_id": child.pk})


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def stay_children(client, stay) -> str:
    html = get(client, reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    return html.split('id="h-children"', 1)[1].split("</section>", 1)[0]


def child_item(section: str, name: str) -> str:
    items = [item for item in re.findall(r"<li>.*?</li>", section, re.S) if f">{name}</a>" in item]
    assert len(items) == 1, f"{name} has {len(items)} entries"
    return items[0]


def overview_row(client, name="A.B.") -> str:
    html = get(client, OVERVIEW)
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if f">{name}</a>" in row]
    assert len(rows) == 1
    return rows[0]


@pytest.fixture
def child(kari, berit, stay, today):
    return children_services.child_add(
        actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9, contact_person=berit
    )


# --- Wishes. ------------------------------------------------------------------------------------


def test_a_child_not_asked_is_shown_as_not_asked_everywhere(client_for, kari, berit, stay, child):
    client = client_for(kari)

    assert NOT_ASKED_STAY in child_item(stay_children(client, stay), "Emma")
    detail = get(client, child_url("children:child-detail", child))
    assert NOT_ASKED_CHILD in detail
    assert "Barnet er ikke spurt ennå." in detail
    listing = get(client, reverse("children:children-list"))
    assert "Ikke spurt" in listing
    # ...and so for the children's contact person, on her own pages.
    assert NOT_ASKED_CHILD in get(client_for(berit), child_url("children:child-detail", child))


def test_a_wish_is_dated_and_says_who_asked(client_for, kari, berit, stay, child, today):
    asked_on = today - datetime.timedelta(days=1)
    client = client_for(berit)
    form = get(client, child_url("children:child-wish-add", child))
    assert f'value="{today.isoformat()}"' in form  # today, unless said otherwise

    response = client.post(
        child_url("children:child-wish-add", child),
        {"asked_on": asked_on.isoformat(), "words": "  Jeg vil bo nær Sara.\nOg ha med katten.  "},
    )

    assert response.status_code == 302
    assert response["Location"] == child_url("children:child-detail", child)
    wish = ChildWish.objects.get()
    assert (wish.child, wish.asked_on, wish.asked_by) == (child, asked_on, berit)
    assert wish.words == "Jeg vil bo nær Sara.\nOg ha med katten."
    detail = get(client, response["Location"])
    assert "Barnets ønsker er lagret." in detail
    wishes = detail.split('id="h-wishes"', 1)[1].split("</section>", 1)[0]
    assert f"{nb(asked_on, 'j. F Y')} · spurt av Berit" in wishes
    assert "Jeg vil bo nær Sara.<br>Og ha med katten." in wishes
    assert NOT_ASKED_CHILD not in detail
    assert "Barnet er ikke spurt ennå." not in detail

    # The resident's page and the children list no longer say "not asked".
    kari_client = client_for(kari)
    assert NOT_ASKED_STAY not in child_item(stay_children(kari_client, stay), "Emma")
    listing = get(kari_client, reverse("children:children-list"))
    assert "Ikke spurt" not in listing
    assert "✓ Ja" in listing


def test_the_latest_wish_comes_first_and_none_is_lost(client_for, kari, berit, child, today):
    for days_ago, words in [(5, "Først ville jeg bo hos mormor"), (1, "Nå vil jeg bo nær skolen")]:
        children_services.child_wish_add(
            actor=berit, child=child, asked_on=today - datetime.timedelta(days=days_ago), words=words
        )

    detail = get(client_for(kari), child_url("children:child-detail", child))

    assert detail.index("Nå vil jeg bo nær skolen") < detail.index("Først ville jeg bo hos mormor")


def test_only_the_asked_child_stops_being_flagged(client_for, kari, stay, child, today):
    brother = children_services.child_add(actor=kari, stay=stay, first_name="Jonas", birth_year=today.year - 4)
    children_services.child_wish_add(actor=kari, child=child, asked_on=today, words="Vil ha hund")

    section = stay_children(client_for(kari), stay)

    assert NOT_ASKED_STAY not in child_item(section, "Emma")
    assert NOT_ASKED_STAY in child_item(section, "Jonas")
    assert NOT_ASKED_CHILD in get(client_for(kari), child_url("children:child-detail", brother))


# --- The information log. -----------------------------------------------------------------------


def test_information_is_logged_by_phase_with_who_and_how_it_went(client_for, berit, child, today):
    client = client_for(berit)
    told_on = today - datetime.timedelta(days=2)
    url = child_url("children:child-information-add", child)
    assert re.search(r'value="under"[^>]*checked', get(client, url + "?fase=under"))

    entries = [
        ("for", told_on, "Vi skal flytte til en ny leilighet.", "Lurte på om katten får bli med."),
        ("under", today, "I dag kommer flyttebilen klokka ti.", ""),
        ("etter", today, "Du begynner på skolen på mandag.", "Gledet seg."),
    ]
    for phase, date, what, reaction in entries:
        response = client.post(
            url, {"told_on": date.isoformat(), "phase": phase, "what_told": what, "reaction": reaction}
        )
        assert response.status_code == 302
        assert response["Location"] == child_url("children:child-detail", child)

    saved = list(ChildInformation.objects.order_by("told_on", "phase").values_list("phase", "told_by", "told_on"))
    assert sorted(saved) == sorted([(phase, berit.pk, date) for phase, date, _, _ in entries])
    log = get(client, child_url("children:child-detail", child)).split('id="h-info"', 1)[1].split("</section>", 1)[0]
    before, during, after = (
        log.split("Før flytting", 1)[1].split("Under flytting", 1)[0],
        log.split("Under flytting", 1)[1].split("Etter flytting", 1)[0],
        log.split("Etter flytting", 1)[1],
    )
    assert "Vi skal flytte til en ny leilighet." in before
    assert f"{nb(told_on, 'j. F Y')} · Berit" in before
    assert "Hvordan barnet tok det" in before and "Lurte på om katten får bli med." in before
    assert "I dag kommer flyttebilen klokka ti." in during
    assert "Hvordan barnet tok det" not in during  # no reaction written, no empty heading
    assert "Du begynner på skolen på mandag." in after and "Gledet seg." in after


def test_an_empty_phase_says_nothing_is_logged(client_for, kari, child, today):
    children_services.child_information_add(
        actor=kari, child=child, told_on=today, phase="for", what_told="Vi skal flytte."
    )
    log = get(client_for(kari), child_url("children:child-detail", child)).split('id="h-info"', 1)[1]
    assert log.split("</section>", 1)[0].count("Ingenting registrert.") == 2


# --- The overview flags a family about to move with a child not told. ---------------------------


def plan_move(kari, stay, today, which):
    """Set the planned departure date, the ready-to-move date, or both."""
    resident_services.stay_set_ready_to_move(
        actor=kari,
        stay=stay,
        ready_to_move_date=today if which in ("ready", "both") else None,
        wait_cause="",
        planned_departure_date=today + datetime.timedelta(days=7) if which in ("planned", "both") else None,
    )


@pytest.mark.parametrize("which", ["planned", "ready", "both"])
def test_the_overview_flags_a_planned_move_until_the_child_is_told_before_it(
    client_for, kari, stay, child, today, which
):
    client = client_for(kari)
    assert OVERVIEW_FLAG not in overview_row(client)

    plan_move(kari, stay, today, which)

    assert OVERVIEW_FLAG in overview_row(client)
    assert OVERVIEW_ALERT in get(client, OVERVIEW)
    assert NOT_TOLD_STAY in child_item(stay_children(client, stay), "Emma")
    assert NOT_TOLD_CHILD in get(client, child_url("children:child-detail", child))

    # Being told what happens during or after the move is not enough.
    for phase in ("under", "etter"):
        children_services.child_information_add(actor=kari, child=child, told_on=today, phase=phase, what_told="x")
    assert OVERVIEW_FLAG in overview_row(client)

    children_services.child_information_add(
        actor=kari, child=child, told_on=today, phase="for", what_told="Vi flytter om en uke."
    )

    html = get(client, OVERVIEW)
    assert OVERVIEW_FLAG not in overview_row(client)
    assert "skal snart flytte" not in html
    assert NOT_TOLD_STAY not in stay_children(client, stay)
    assert NOT_TOLD_CHILD not in get(client, child_url("children:child-detail", child))


def test_the_ready_to_move_form_sets_the_planned_departure_and_the_flag(client_for, kari, stay, child, today):
    client = client_for(kari)
    planned = today + datetime.timedelta(days=5)

    response = client.post(
        reverse("residents:stay-ready-to-move", kwargs={"stay_id": stay.pk}),
        {"ready_to_move_date": today.isoformat(), "wait_cause": "", "planned_departure_date": planned.isoformat()},
    )

    assert response.status_code == 302
    stay.refresh_from_db()
    assert stay.planned_departure_date == planned
    assert OVERVIEW_FLAG in overview_row(client)
    move = get(client, reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert f"Planlagt utflytting</dt><dd>{nb(planned, 'j. F Y')}</dd>" in move


def test_every_child_must_be_told_before_the_flag_goes(client_for, kari, stay, child, today):
    brother = children_services.child_add(actor=kari, stay=stay, first_name="Jonas", birth_year=today.year - 4)
    plan_move(kari, stay, today, "planned")
    client = client_for(kari)
    children_services.child_information_add(actor=kari, child=child, told_on=today, phase="for", what_told="x")

    assert OVERVIEW_FLAG in overview_row(client)
    section = stay_children(client, stay)
    assert NOT_TOLD_STAY not in child_item(section, "Emma")
    assert NOT_TOLD_STAY in child_item(section, "Jonas")

    children_services.child_information_add(actor=kari, child=brother, told_on=today, phase="for", what_told="y")
    assert OVERVIEW_FLAG not in overview_row(client)


def test_no_flag_when_no_move_is_planned(client_for, kari, stay, child, today):
    client = client_for(kari)

    assert OVERVIEW_FLAG not in overview_row(client)
    assert "skal snart flytte" not in get(client, OVERVIEW)
    assert NOT_TOLD_STAY not in stay_children(client, stay)
    assert NOT_TOLD_CHILD not in get(client, child_url("children:child-detail", child))
    assert overview_rows(kari, today=today)[0].children_uninformed is False


def test_no_flag_for_a_family_without_children(client_for, kari, make_stay, today):
    alone = make_stay(display_name="Uten Barn")
    plan_move(kari, alone, today, "both")

    assert OVERVIEW_FLAG not in overview_row(client_for(kari), "Uten Barn")


def test_the_flag_is_per_family(client_for, kari, stay, child, make_stay, today):
    other = make_stay(display_name="C.D.")
    children_services.child_add(actor=kari, stay=other, first_name="Liv", birth_year=today.year - 3)
    plan_move(kari, other, today, "planned")
    client = client_for(kari)

    assert OVERVIEW_FLAG in overview_row(client, "C.D.")
    assert OVERVIEW_FLAG not in overview_row(client, "A.B.")  # Emma's family has no move planned
    assert OVERVIEW_ALERT in get(client, OVERVIEW)


def test_no_flag_after_departure(client_for, kari, stay, child, today):
    plan_move(kari, stay, today, "both")
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="ny_kommunal", permanence="varig"
    )

    detail = get(client_for(kari), child_url("children:child-detail", child))

    assert NOT_TOLD_CHILD not in detail
    assert NOT_TOLD_STAY not in stay_children(client_for(kari), stay)
