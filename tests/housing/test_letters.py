"""Letters to NAV and the housing office: what the letter says, that it never
carries an address of the resident, that it needs consent, and the follow-up reminder."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import selectors
from boligplan.housing import services as housing
from boligplan.housing.letters import LetterRefused
from boligplan.housing.models import Notification
from boligplan.residents import addresses
from boligplan.residents.choices import FORWARDING_ADDRESS
from boligplan.residents.models import Stay
from tests.pdf import pdf_text

PLANTED = "Hemmeligstien 77C, 9876 Gjemselvik"
CHILD_NAMES = ("Sølvi", "Åsmund")


def letter_url(notification) -> str:
    return reverse("housing:notification-letter", kwargs={"notification_id": notification.pk})


def notify(stay, actor, today, **values) -> Notification:
    defaults = {
        "agency": "nav",
        "sent_on": today,
        "channel": "brev",
        "request": "Hjelp til å finne en kommunal bolig og til depositum.",
        "consent_given": True,
        "consent_on": today,
        "municipality": "Bærum",
        "letter_to": "NAV Bærum",
    }
    return housing.notification_record(actor=actor, stay=stay, values=defaults | values)


@pytest.fixture
def family(make_stay, kari, today):
    """A resident with two children (5 and 11) in a household of three."""
    stay = make_stay(display_name="Åse Ørnæs", birth_year=1988, days_ago=12)
    housing.assessment_save(
        actor=kari,
        stay=stay,
        values={"new_home_needed": "ja", "household_size": 3, "previous_municipality": "Asker"},
        complete=False,
        today=today,
    )
    for name, age in zip(CHILD_NAMES, (5, 11), strict=True):
        children_services.child_add(actor=kari, stay=stay, first_name=name, birth_year=today.year - age)
    return stay


def fetch_letter(client, notification) -> tuple[object, str]:
    response = client.get(letter_url(notification))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    return response, pdf_text(response.content)


def test_the_letter_says_who_needs_a_home_and_for_how_many(client_for, kari, family, today):
    notification = notify(family, kari, today)

    _, text = fetch_letter(client_for(kari), notification)

    assert "Gjelder: behov for bolig" in text
    assert "Til: NAV Bærum" in text
    assert "Åse Ørnæs, født 1988" in text  # æøå come through the font
    assert "1 voksen og 2 barn (5 og 11 år)" in text
    assert "Trenger bolig i Bærum" in text
    assert "Hjelp til å finne en kommunal bolig og til depositum." in text
    assert f"samtykke gitt {today.day}." in text
    assert "har samtykket til at vi gir dere disse opplysningene" in text
    assert "Kari" in text and "Fjordby krisesenter" in text  # the contact person and the shelter sign it
    for name in CHILD_NAMES:
        assert name not in text  # children are counted by age, never named


def test_the_household_counts_the_other_adults(client_for, kari, family, today):
    housing.assessment_save(actor=kari, stay=family, values={"household_size": 4}, complete=False, today=today)
    notification = notify(family, kari, today)

    _, text = fetch_letter(client_for(kari), notification)

    assert "2 voksne og 2 barn (5 og 11 år)" in text


def test_a_resident_alone_is_one_adult_without_children(client_for, kari, stay, today):
    notification = notify(stay, kari, today, letter_to="", municipality="Drammen", agency="boligkontor")

    _, text = fetch_letter(client_for(kari), notification)

    assert "1 voksen, ingen barn" in text
    assert "Til: Boligkontoret i Drammen kommune" in text


def test_an_ungraded_address_is_not_printed_either(client_for, kari, family, today):
    addresses.stay_set_new_home_address(actor=kari, stay=family, address=PLANTED)
    notification = notify(family, kari, today)

    _, text = fetch_letter(client_for(kari), notification)

    assert "Hemmeligstien" not in text
    assert "bor foreløpig på krisesenteret og kan nås gjennom kontaktpersonen" in text


def test_a_confidential_address_appears_in_no_letter(client_for, kari, family, today):
    addresses.stay_set_new_home_address(actor=kari, stay=family, address=PLANTED)
    addresses.resident_set_protection(actor=kari, resident=family.resident, grading="FORTROLIG")
    # Even typed into the free text of the notification, it does not ride along.
    notification = notify(family, kari, today, request=f"Bolig nær {PLANTED} trengs ikke", letter_to=PLANTED)

    response, text = fetch_letter(client_for(kari), notification)

    assert "Hemmeligstien" not in text and "Gjemselvik" not in text
    assert PLANTED.encode() not in response.content
    assert "adresse er fortrolig og står derfor ikke i dette brevet" in text
    assert "Folkeregisteret" in text
    assert "(adresse utelatt)" in text


@pytest.mark.parametrize("grading", ["STRENGT_FORTROLIG", "STRENGT_FORTROLIG_UTLAND"])
def test_a_strictly_confidential_resident_gets_the_forwarding_address(client_for, kari, family, today, grading):
    addresses.resident_set_protection(actor=kari, resident=family.resident, grading=grading)
    notification = notify(family, kari, today)

    _, text = fetch_letter(client_for(kari), notification)

    assert f"Post til beboeren sendes via {FORWARDING_ADDRESS}" in text
    assert "strengt fortrolig adresse" in text


def test_every_letter_of_every_grading_leaves_out_every_address(client_for, kari, family, today):
    """A protected resident's address is in no PDF at all, whatever the grading and the letter."""
    client = client_for(kari)
    addresses.stay_set_new_home_address(actor=kari, stay=family, address=PLANTED)
    texts = []
    for grading in ["UGRADERT", "FORTROLIG"]:
        addresses.resident_set_protection(actor=kari, resident=family.resident, grading=grading)
        for agency in ["nav", "boligkontor"]:
            texts.append(fetch_letter(client, notify(family, kari, today, agency=agency))[1])
    assert len(texts) == 4
    for text in texts:
        assert "Hemmeligstien" not in text
        assert FORWARDING_ADDRESS not in text


def test_without_consent_there_is_no_letter(client_for, kari, family, today):
    notification = notify(family, kari, today, consent_given=False, consent_on=None)
    client = client_for(kari)
    before = AuditEvent.objects.count()

    response = client.get(letter_url(notification))

    assert response.status_code == 302
    assert response["Location"] == reverse("residents:stay-detail", kwargs={"stay_id": family.pk})
    assert "samtykke" in " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert AuditEvent.objects.count() == before
    with pytest.raises(LetterRefused):
        housing.notification_letter_print(
            actor=kari, notification=notification, children_birth_years=[], assessment=None
        )


def test_the_resident_page_offers_the_letter_only_with_consent(client_for, kari, family, today):
    with_consent = notify(family, kari, today)
    without = notify(family, kari, today, consent_given=False, consent_on=None, agency="boligkontor")

    content = client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": family.pk})).content.decode()

    assert letter_url(with_consent) in content
    assert letter_url(without) not in content
    assert "Samtykke er ikke registrert. Brev kan lages når samtykket er registrert." in content


def test_the_download_has_a_neutral_name_and_is_audited_as_a_read(client_for, kari, family, today):
    notification = notify(family, kari, today)

    response, _ = fetch_letter(client_for(kari), notification)

    assert response["Content-Disposition"] == f'attachment; filename="brev-nav-{today.isoformat()}.pdf"'
    row = AuditEvent.objects.order_by("-pk").first()
    assert row.action == "notification.letter_printed"
    assert (row.object_id, row.stay_id, row.actor) == (notification.pk, family.pk, kari)


def test_another_shelters_letter_is_a_404(client_for, kari, frida, family, today):
    notification = notify(family, kari, today)

    assert client_for(frida).get(letter_url(notification)).status_code == 404


# --- Services -----------------------------------------------------------------------------------


def test_recording_and_updating_write_their_audit_rows(kari, family, today):
    notification = notify(family, kari, today, follow_up_on=today + datetime.timedelta(days=7))
    recorded = AuditEvent.objects.get(action="notification.recorded", object_id=notification.pk)
    assert recorded.stay_id == family.pk

    housing.notification_update(
        actor=kari, notification=notification, values={"follow_up_on": today, "letter_to": "NAV Asker"}
    )

    updated = AuditEvent.objects.get(action="notification.updated", object_id=notification.pk)
    assert set(updated.fields.split(",")) == {"follow_up_on", "letter_to"}
    assert "Asker" not in str(updated.__dict__)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"follow_up_on": "sent-1"}, "follow_up_on"),
        ({"follow_up_on": "today+400"}, "follow_up_on"),
        ({"consent_on": "today+1"}, "consent_on"),
        ({"consent_on": "arrival-1"}, "consent_on"),
        ({"consent_given": True, "consent_on": None}, "consent_on"),
        ({"consent_given": False, "consent_on": "today"}, "consent_given"),
    ],
)
def test_the_service_guards_dates_and_consent(kari, family, today, values, field):
    sent_on = today - datetime.timedelta(days=2)
    dates = {
        "sent-1": sent_on - datetime.timedelta(days=1),
        "today+400": today + datetime.timedelta(days=400),
        "today+1": today + datetime.timedelta(days=1),
        "arrival-1": family.arrival_date - datetime.timedelta(days=1),
        "today": today,
    }
    values = {name: dates.get(value, value) if isinstance(value, str) else value for name, value in values.items()}
    before = Notification.objects.count()

    with pytest.raises(ValidationError) as error:
        notify(family, kari, today, sent_on=sent_on, **values)

    assert field in error.value.message_dict
    assert Notification.objects.count() == before


def test_a_partial_update_is_checked_against_the_stored_dates(kari, family, today):
    notification = notify(family, kari, today)

    with pytest.raises(ValidationError) as error:
        housing.notification_update(
            actor=kari, notification=notification, values={"follow_up_on": today - datetime.timedelta(days=1)}
        )

    assert "follow_up_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        housing.notification_update(actor=kari, notification=notification, values={"consent_given": False})


# --- The overview reminder ------------------------------------------------------------------------


def reminders(today):
    return selectors.overview_reminders(Stay.objects.current(), today=today)


def test_an_unanswered_notification_is_chased_from_its_follow_up_date(kari, family, today):
    notify(family, kari, today - datetime.timedelta(days=8), follow_up_on=today - datetime.timedelta(days=1))
    notify(family, kari, today, agency="boligkontor", follow_up_on=today)

    found = reminders(today)[family.pk]

    assert [r.kind for r in found] == ["notification.follow_up", "notification.follow_up"]
    assert found[0].text.startswith("Purr Nav (frist ")
    assert found[1].text.startswith("Purr boligkontoret (frist ")
    assert {r.summary for r in found} == {"Henvendelser uten svar som skal purres"}
    assert found[0].due == today - datetime.timedelta(days=1)


def test_no_reminder_before_the_date_or_once_answered(kari, family, today):
    notify(family, kari, today, follow_up_on=today + datetime.timedelta(days=1))
    answered = notify(family, kari, today, follow_up_on=today)
    assert reminders(today) != {}

    housing.notification_update(
        actor=kari, notification=answered, values={"answer": "Møte avtalt", "answered_on": today}
    )

    assert reminders(today) == {}


def test_the_overview_reminder_uses_one_query_for_any_number(kari, make_stay, today):
    def count():
        with CaptureQueriesContext(connection) as queries:
            reminders(today)
        return len(queries)

    first = make_stay(display_name="Én")
    notify(first, kari, today, follow_up_on=today)
    one = count()
    for i in range(10):
        notify(make_stay(display_name=f"Flere {i}"), kari, today, follow_up_on=today)

    # One query each: follow-ups, appeal deadlines, "usikker" on a new home.
    assert count() == one == 3


def test_the_resident_page_marks_a_passed_follow_up(client_for, kari, family, today):
    notify(family, kari, today - datetime.timedelta(days=8), follow_up_on=today - datetime.timedelta(days=1))

    content = client_for(kari).get(reverse("residents:stay-detail", kwargs={"stay_id": family.pk})).content.decode()

    assert 'app-status app-status--danger">! Purres' in content


# --- Pages ------------------------------------------------------------------------------------------


def test_the_resident_page_runs_the_same_queries_for_1_and_20_notifications(client_for, kari, family, today):
    client = client_for(kari)
    url = reverse("residents:stay-detail", kwargs={"stay_id": family.pk})

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    notify(family, kari, today, follow_up_on=today)
    one = count()
    for i in range(19):
        notify(family, kari, today, consent_given=i % 2 == 0, consent_on=today if i % 2 == 0 else None)

    assert count() == one


def test_the_new_notification_form_suggests_a_follow_up_and_the_municipality(client_for, kari, lene, family, today):
    from boligplan.agencies.models import Agency

    Agency.objects.create(shelter=family.shelter, kind="nav", name="NAV Asker")
    Agency.objects.create(shelter=family.shelter, kind="politi", name="Politiet i Asker")

    response = client_for(kari).get(reverse("housing:notification-create", kwargs={"stay_id": family.pk}))

    content = response.content.decode()
    follow_up = (today + datetime.timedelta(days=7)).isoformat()
    assert f'name="follow_up_on" value="{follow_up}"' in content
    assert 'name="municipality" value="Asker"' in content
    assert '<option value="NAV Asker">' in content
    assert "Politiet i Asker" not in content  # only NAV and housing offices are suggested


def test_saving_the_form_records_consent_and_follow_up(client_for, kari, family, today):
    response = client_for(kari).post(
        reverse("housing:notification-create", kwargs={"stay_id": family.pk}),
        {
            "agency": "nav",
            "letter_to": "NAV Asker",
            "municipality": "Asker",
            "sent_on": today.isoformat(),
            "channel": "brev",
            "request": "Ber om hjelp til bolig",
            "consent_given": "on",
            "consent_on": today.isoformat(),
            "follow_up_on": (today + datetime.timedelta(days=7)).isoformat(),
        },
    )

    assert response.status_code == 302
    saved = Notification.objects.get(stay=family)
    assert saved.letter_allowed
    assert (saved.letter_to, saved.municipality) == ("NAV Asker", "Asker")
    assert saved.follow_up_on == today + datetime.timedelta(days=7)


def test_the_demo_gives_consent_and_a_passed_follow_up(kari, make_stay, today):
    from boligplan.housing.demo import add_letter_demo

    stay = make_stay(display_name="Demo D.", days_ago=14)
    arrival = stay.arrival_date
    for agency, answered in (("nav", True), ("boligkontor", False)):
        housing.notification_record(
            actor=kari,
            stay=stay,
            values={
                "agency": agency,
                "sent_on": arrival + datetime.timedelta(days=3),
                "channel": "telefon",
                "request": "Trenger ny bolig",
                "answer": "Møte avtalt." if answered else "",
                "answered_on": arrival + datetime.timedelta(days=5) if answered else None,
            },
        )

    add_letter_demo(stay=stay, phase="new_home_told", actor=kari, arrival=arrival, today=today)

    assert all(n.letter_allowed for n in stay.notifications.all())
    assert [r.text.split(" (")[0] for r in reminders(today)[stay.pk]] == ["Purr boligkontoret"]
