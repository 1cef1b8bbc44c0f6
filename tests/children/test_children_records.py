"""A child's record: registered on the parent's stay, changed on the child's page."""

import re

from django.urls import reverse
from django.utils.html import escape

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.children.models import Child, ChildMove


def stay_page(client, stay) -> str:
    response = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert response.status_code == 200
    return response.content.decode()


def children_section(html: str) -> str:
    return html.split('id="h-children"', 1)[1].split("</section>", 1)[0]


def test_register_a_child_on_the_stay(client_for, kari, berit, stay, today):
    client = client_for(kari)
    url = reverse("children:child-add", kwargs={"stay_id": stay.pk})
    assert "Ingen barn er registrert på oppholdet." in children_section(stay_page(client, stay))
    assert url in stay_page(client, stay)

    response = client.post(
        url,
        {
            "first_name": " Mia ",
            "birth_year": str(today.year - 6),
            "contact_person": str(berit.pk),
            "school": "Fjordby skole",
            "activities": "Korps, fotball",
            "keeps_school": "usikker",
        },
    )

    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("children:child-detail", kwargs={"child_id": child.pk})
    assert (child.first_name, child.birth_year, child.contact_person) == ("Mia", today.year - 6, berit)
    assert (child.school, child.activities, child.keeps_school) == ("Fjordby skole", "Korps, fotball", "usikker")
    assert (child.stay, child.shelter) == (stay, stay.shelter)
    # Coming to the shelter is a move in the child's life, so it is counted from the start.
    arrival = ChildMove.objects.get(child=child)
    assert (arrival.kind, arrival.moved_on, arrival.school_changed) == ("til_krisesenter", stay.arrival_date, False)

    page = client.get(response["Location"]).content.decode()
    assert "Barnet er registrert." in page
    assert "Mia" in page and "Fjordby skole" in page and "Korps, fotball" in page
    assert "Barnets kontaktperson: Berit" in page
    section = children_section(stay_page(client, stay))
    assert reverse("children:child-detail", kwargs={"child_id": child.pk}) in section
    assert f'Mia</a> <span class="app-muted">(født {today.year - 6})' in section


def test_the_contact_person_choices_are_own_staff_who_may_follow_a_child(
    client_for, kari, ola, berit, lene, stian, frida, stay
):
    content = client_for(kari).get(reverse("children:child-add", kwargs={"stay_id": stay.pk})).content.decode()
    select = content.split('name="contact_person"', 1)[1].split("</select>", 1)[0]
    for user in (kari, ola, berit, lene):
        assert f'value="{user.pk}"' in select
    for user in (stian, frida):  # statistics only, or another shelter
        assert f'value="{user.pk}"' not in select


def test_a_child_may_be_registered_without_a_contact_person(client_for, kari, stay, today):
    response = client_for(kari).post(
        reverse("children:child-add", kwargs={"stay_id": stay.pk}),
        {"first_name": "Ola", "birth_year": str(today.year)},
    )

    assert response.status_code == 302
    child = Child.objects.get()
    assert child.contact_person is None
    assert "Barnets kontaktperson: ikke valgt" in client_for(kari).get(response["Location"]).content.decode()


def test_edit_a_childs_record(client_for, kari, berit, stay, today):
    child = children_services.child_add(actor=kari, stay=stay, first_name="Mia", birth_year=today.year - 6)
    client = client_for(kari)
    url = reverse("children:child-edit", kwargs={"child_id": child.pk})
    form = client.get(url).content.decode()
    assert 'value="Mia"' in form
    before = AuditEvent.objects.count()

    response = client.post(
        url,
        {
            "first_name": "Mia",
            "birth_year": str(today.year - 7),
            "contact_person": str(berit.pk),
            "school": "Nordby skole",
            "activities": "Svømming",
            "keeps_school": "nei",
            "keeps_activities": "ja",
            "keeps_friends": "usikker",
            "plan_before": "Vi pakker sammen.",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("children:child-detail", kwargs={"child_id": child.pk})
    child.refresh_from_db()
    assert (child.birth_year, child.contact_person, child.school) == (today.year - 7, berit, "Nordby skole")
    assert (child.keeps_school, child.keeps_activities, child.keeps_friends) == ("nei", "ja", "usikker")
    assert child.plan_before == "Vi pakker sammen."
    row = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert row.action == "child.updated"
    assert set(row.fields.split(",")) == {
        "birth_year",
        "contact_person",
        "school",
        "activities",
        "keeps_school",
        "keeps_activities",
        "keeps_friends",
        "plan_before",
    }
    page = client.get(response["Location"]).content.decode()
    assert "Opplysningene om barnet er lagret." in page
    continuity = page.split('id="h-continuity"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"Beholder barnehage/skole</dt><dd>Nei, må bytte</dd>", continuity)
    assert re.search(r"Beholder fritidsaktiviteter</dt><dd>Ja, beholder</dd>", continuity)
    assert re.search(r"Beholder venner i nærheten</dt><dd>Usikker</dd>", continuity)


def test_continuity_not_yet_considered_is_said_so(client_for, kari, stay, today):
    child = children_services.child_add(actor=kari, stay=stay, first_name="Mia", birth_year=today.year - 6)

    page = client_for(kari).get(reverse("children:child-detail", kwargs={"child_id": child.pk})).content.decode()

    continuity = page.split('id="h-continuity"', 1)[1].split("</section>", 1)[0]
    assert continuity.count("Ikke vurdert") == 3


def test_markup_in_what_staff_write_about_a_child_is_shown_as_text(client_for, kari, stay, today):
    name = "<i>Li</i>"
    words = '<script>alert("x")</script> Vil bo med katten'
    child = children_services.child_add(actor=kari, stay=stay, first_name=name, birth_year=today.year - 9)
    children_services.child_wish_add(actor=kari, child=child, asked_on=today, words=words)
    client = client_for(kari)

    for url in [
        reverse("children:child-detail", kwargs={"child_id": child.pk}),
        reverse("children:children-list"),
        reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}),
    ]:
        content = client.get(url).content.decode()
        assert escape(name) in content, url
        assert name not in content, url
    detail = client.get(reverse("children:child-detail", kwargs={"child_id": child.pk})).content.decode()
    assert escape(words) in detail
    assert "<script>alert" not in detail


def test_child_form_help_texts_are_announced(client_for, kari, stay, today):
    """Every aria-describedby on the children's forms points at an element of the page.

    Django renders aria-describedby="id_<field>_helptext" on a field with a help text; a reference
    to an id that is not on the page is never read out by a screen reader.
    """
    child = children_services.child_add(actor=kari, stay=stay, first_name="Mia", birth_year=today.year - 6)
    client = client_for(kari)
    urls = [reverse("children:child-add", kwargs={"stay_id": stay.pk})] + [
        reverse(name, kwargs={"child_id": child.pk})
        for name in [
            "children:child-edit",
            "children:child-wish-add",
            "children:child-information-add",
            "children:child-move-add",
        ]
    ]
    broken = []
    for url in urls:
        content = client.get(url).content.decode()
        ids = set(re.findall(r'\bid="([^"]+)"', content))
        for reference in re.findall(r'aria-describedby="([^"]+)"', content):
            broken += [f"{url}: {ref}" for ref in reference.split() if ref not in ids]
    assert not broken, broken


def test_the_children_keep_one_order_on_the_stay_page_oldest_first(client_for, kari, stay, today):
    # Registered youngest first, so that insertion order and the wanted order differ.
    for name, age in (("Ola", 3), ("Mia", 11), ("Per", 7), ("Ida", 14)):
        children_services.child_add(actor=kari, stay=stay, first_name=name, birth_year=today.year - age)
    client = client_for(kari)
    for _ in range(3):
        section = children_section(stay_page(client, stay))
        positions = [section.index(f"{name}</a>") for name in ("Ida", "Mia", "Per", "Ola")]
        assert positions == sorted(positions)
