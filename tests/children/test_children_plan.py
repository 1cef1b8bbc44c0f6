"""The child's plan as a PDF.

Plain, warm words fitting the child's age: what happens before, during and after the move, and the
names of the people who help. It never shows an address: a canary address put everywhere in the
parent's case must not come out in the plan.
"""

import datetime

import pytest
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.children.pdf import child_plan_html, child_plan_pdf
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.pdf import pdf_text

CANARY = "Kanarigata 7"


def plan_url(child):
    return reverse("children:child-plan", kwargs={"child_id": child.pk})


def plan_texts(child, today) -> list[str]:
    """The plan as HTML, and as the PDF's own text."""
    return [child_plan_html(child, today=today), pdf_text(child_plan_pdf(child, today=today))]


@pytest.fixture
def family(make_stay, kari, berit, today):
    """A resident with a child; the canary address is in every free-text field of the parent's case."""
    stay = make_stay(display_name="Canary Beboer", days_ago=12)
    housing_services.assessment_save(
        actor=kari,
        stay=stay,
        values={
            "previous_municipality": CANARY,
            "resident_wishes": f"Vil ikke tilbake til {CANARY}",
            "return_safe": "nei",
            "return_safe_reason": f"Han bor fortsatt i {CANARY}",
            "new_home_needed": "ja",
            "direction": "ny_bolig",
        },
        complete=True,
        today=today,
    )
    housing_services.notification_record(
        actor=kari,
        stay=stay,
        values={"agency": "nav", "sent_on": today, "channel": "telefon", "request": f"Bolig langt fra {CANARY}"},
    )
    housing_services.task_create(
        actor=kari,
        stay=stay,
        title=f"Hent klær i {CANARY}",
        responsible_party="krisesenter",
        assignee=kari,
        due_date=today,
    )
    resident_services.journal_note_add(actor=kari, stay=stay, text=f"Adressen er {CANARY}")
    resident_services.stay_set_ready_to_move(
        actor=kari,
        stay=stay,
        ready_to_move_date=today,
        wait_cause="kommunen",
        planned_departure_date=datetime.date(today.year + 1, 3, 12),
    )
    child = children_services.child_add(
        actor=kari,
        stay=stay,
        first_name="Emma",
        birth_year=today.year - 9,
        contact_person=berit,
        school=f"Skolen i {CANARY}",
        activities=f"Fotball på banen ved {CANARY}",
    )
    return stay, child


def test_the_plan_is_a_pdf_with_a_neutral_name_and_an_audit_row(client_for, berit, family):
    stay, child = family
    before = AuditEvent.objects.count()

    response = client_for(berit).get(plan_url(child))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == 'inline; filename="barnets-plan.pdf"'
    assert "Emma" not in disposition
    assert "no-store" in response["Cache-Control"]
    rows = list(AuditEvent.objects.order_by("pk"))[before:]
    assert [(r.action, r.actor, r.object_id, r.stay_id) for r in rows] == [
        ("child.plan_printed", berit, child.pk, stay.pk)
    ]


def test_the_plan_names_the_child_and_the_helpers_never_an_address(family, today):
    stay, child = family
    texts = plan_texts(child, today)

    for text in texts:
        assert "Planen til Emma" in text
        assert "Berit" in text  # the child's contact person
        assert "Kari" in text  # the parent's contact person
        assert "Disse voksne hjelper deg" in text
        for part in ["Før vi flytter", "Når vi flytter", "Etter at vi har flyttet"]:
            assert part in text
        assert "Vi regner med å flytte rundt 12. mars." in text
        assert "Dere skal flytte til et nytt sted å bo." in text
        # Nothing of the parent's case, and no address, school or place.
        for secret in [CANARY, "Kanarigata", "Canary Beboer", "Fjordby", "Fotball", "Skolen i"]:
            assert secret not in text, secret


def test_the_pdf_as_served_has_no_address(client_for, kari, family):
    _, child = family

    response = client_for(kari).get(plan_url(child))

    assert CANARY.encode() not in response.content
    text = pdf_text(response.content)
    if text is not None:
        assert "Emma" in text
        assert "Kanarigata" not in text


def test_the_wording_fits_the_childs_age(kari, stay, today):
    small = children_services.child_add(actor=kari, stay=stay, first_name="Liv", birth_year=today.year - 4)
    teen = children_services.child_add(actor=kari, stay=stay, first_name="Jonas", birth_year=today.year - 14)
    for child in (small, teen):
        children_services.child_update(actor=kari, child=child, values={"keeps_school": "ja"})
        child.refresh_from_db()

    for_small = child_plan_html(small, today=today)
    for_teen = child_plan_html(teen, today=today)

    # A four-year-old has the plan read aloud, in short sentences, about the kindergarten.
    assert "En voksen leser det sammen med deg." in for_small
    assert "En voksen du kjenner, er med deg hele dagen." in for_small
    assert "Du skal fortsette i barnehagen du går i nå." in for_small
    assert "rett til å si hva du mener" not in for_small
    # A fourteen-year-old is told about their say in it, and about school.
    assert "Du har rett til å si hva du mener" in for_teen
    assert "Du bestemmer selv hva du vil pakke og ta med." in for_teen
    assert "Du skal fortsette på skolen du går på nå." in for_teen
    assert "En voksen leser det sammen med deg." not in for_teen
    # ...in bigger letters for the little one.
    assert "font-size: 16pt" in for_small and "font-size: 12pt" in for_teen
    assert for_small.replace("Liv", "X") != for_teen.replace("Jonas", "X")


@pytest.mark.parametrize(
    ("keeps_school", "sentence"),
    [
        ("ja", "Du skal fortsette på skolen du går på nå."),
        ("nei", "Du skal begynne på en ny skole."),
        ("usikker", "Vi vet ikke ennå om du kan fortsette på skolen din."),
        ("", "Vi vet ikke ennå om du kan fortsette på skolen din."),
    ],
)
def test_the_plan_tells_the_child_about_school(kari, stay, today, keeps_school, sentence):
    child = children_services.child_add(
        actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9, keeps_school=keeps_school
    )

    assert sentence in child_plan_html(child, today=today)


@pytest.mark.parametrize(
    ("direction", "sentence"),
    [
        ("tilbake", "Planen er at dere skal flytte tilbake til der dere bodde før."),
        ("ny_bolig", "Dere skal flytte til et nytt sted å bo."),
        ("ikke_avklart", "De voksne holder på å finne ut hvor dere skal bo."),
        (None, "De voksne holder på å finne ut hvor dere skal bo."),
    ],
)
def test_the_plan_says_where_the_family_is_going_without_saying_where(kari, stay, today, direction, sentence):
    if direction is not None:
        housing_services.assessment_save(
            actor=kari, stay=stay, values={"direction": direction}, complete=False, today=today
        )
    child = children_services.child_add(actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9)
    child = type(child).objects.select_related("stay__assessment", "stay__contact_person").get(pk=child.pk)

    assert sentence in child_plan_html(child, today=today)


def test_the_staffs_own_words_for_the_child_are_in_the_plan(kari, stay, today):
    child = children_services.child_add(
        actor=kari,
        stay=stay,
        first_name="Emma",
        birth_year=today.year - 9,
        plan_before="Du får pakke ryggsekken din selv.",
        plan_during="Berit kjører deg.",
        plan_after="Du kan invitere Sara på besøk.",
    )

    html = child_plan_html(child, today=today)

    before = html.split("Før vi flytter", 1)[1].split("Når vi flytter", 1)[0]
    during = html.split("Når vi flytter", 1)[1].split("Etter at vi har flyttet", 1)[0]
    after = html.split("Etter at vi har flyttet", 1)[1]
    assert "Du får pakke ryggsekken din selv." in before
    assert "Berit kjører deg." in during
    assert "Du kan invitere Sara på besøk." in after


def test_a_helper_is_named_once(kari, stay, today):
    """The parent's contact person is also the child's: one line, not two."""
    child = children_services.child_add(
        actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9, contact_person=kari
    )

    html = child_plan_html(child, today=today)

    helpers = html.split('class="helpers"', 1)[1].split("</ul>", 1)[0]
    assert helpers.count("<li>") == 1
    assert "Kari" in helpers


def test_the_plan_fetches_nothing(kari, stay, today):
    """Rendering uses no network and no files: the PDF comes out of the HTML alone."""
    child = children_services.child_add(actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9)
    html = child_plan_html(child, today=today)

    assert "<img" not in html and "<link" not in html and "url(" not in html
    assert child_plan_pdf(child, today=today).startswith(b"%PDF")


def test_after_the_move_the_plan_does_not_announce_a_planned_date(kari, stay, today):
    """A plan printed after the departure must not tell the child a move is still to come on another day."""
    resident_services.stay_set_ready_to_move(
        actor=kari,
        stay=stay,
        ready_to_move_date=today,
        wait_cause="",
        planned_departure_date=today + datetime.timedelta(days=7),
    )
    child = children_services.child_add(actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9)
    assert "Vi regner med å flytte rundt" in child_plan_html(child, today=today)  # before the move: yes

    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="ny_kommunal", permanence="varig"
    )
    child.refresh_from_db()

    assert "Vi regner med å flytte rundt" not in child_plan_html(child, today=today)
