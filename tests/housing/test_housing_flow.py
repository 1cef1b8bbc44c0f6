"""The housing work on a stay, through the services and through the pages: the assessment, tracks
and their suggested tasks, tasks, and notifications to the agencies."""

import datetime

import pytest
from django.urls import reverse

from boligplan.housing.choices import Track
from boligplan.housing.models import HousingAssessment, StayTrack, Task
from tests.residents.pages import stay_url, table_rows

# --- The housing assessment. --------------------------------------------------------------------


def test_assessment_draft_then_complete(client_for, kari, lene, stay, today):
    client = client_for(kari)
    url = stay_url("housing:assessment-edit", stay)

    draft = client.post(
        url, {"return_safe": "usikker", "resident_wishes": "Nær skolen", "direction": "ikke_avklart", "draft": "1"}
    )

    assert draft.status_code == 302
    assessment = HousingAssessment.objects.get(stay=stay)
    assert assessment.return_safe == "usikker"
    assert assessment.resident_wishes == "Nær skolen"
    assert assessment.completed_on is None and assessment.completed_by is None
    assert "Påbegynt, ikke fullført" in client.get(stay_url("residents:stay-detail", stay)).content.decode()

    done = client.post(
        url,
        {
            "return_safe": "nei",
            "resident_wishes": "Nær skolen",
            "new_home_needed": "ja",
            "direction": "ny_bolig",
            "complete": "1",
        },
    )

    assert done.status_code == 302
    assessment.refresh_from_db()
    assert assessment.completed_on == today
    assert assessment.completed_by == kari
    assert assessment.direction == "ny_bolig"
    assert HousingAssessment.objects.filter(stay=stay).count() == 1

    # A later edit by someone else keeps the completion: it answers "how fast did we start?".
    later = client_for(lene).post(
        url, {"return_safe": "nei", "new_home_needed": "ja", "direction": "ny_bolig", "pets": "Katt", "complete": "1"}
    )
    assert later.status_code == 302
    assessment.refresh_from_db()
    assert assessment.pets == "Katt"
    assert assessment.completed_by == kari
    assert assessment.completed_on == today


# --- Tracks and their suggested tasks. ----------------------------------------------------------


def test_choosing_a_track_adds_its_suggested_tasks_once(client_for, kari, stay, today):
    client = client_for(kari)
    url = stay_url("housing:tracks-edit", stay)
    rows = table_rows("privat_leie")
    assert rows, "the shipped table has rows for privat_leie"

    assert client.post(url, {"tracks": ["privat_leie"]}).status_code == 302

    tasks = Task.objects.filter(stay=stay)
    assert tasks.count() == len(rows)
    for row in rows:
        task = tasks.get(suggestion_key=row["key"])
        assert task.title == row["title"]
        assert task.responsible_party == row["party"]
        assert task.track == "privat_leie"
        assert task.due_date == today + datetime.timedelta(days=row["due_days"])
        assert task.assignee == (kari if row["party"] == "krisesenter" else None)
        assert task.done_on is None

    # Choosing it again (with one more) adds nothing twice.
    assert client.post(url, {"tracks": ["privat_leie", "kommunal_bolig"]}).status_code == 302
    assert Task.objects.filter(stay=stay, track="privat_leie").count() == len(rows)
    # A suggestion shared by both tracks (bostøtte) is already on the stay and is not added again.
    shared = {row["key"] for row in rows}
    municipal_only = [row for row in table_rows("kommunal_bolig") if row["key"] not in shared]
    assert Task.objects.filter(stay=stay, track="kommunal_bolig").count() == len(municipal_only)
    assert set(StayTrack.objects.filter(stay=stay).values_list("track", flat=True)) == {"privat_leie", "kommunal_bolig"}
    assert client.post(url, {"tracks": ["privat_leie", "kommunal_bolig"]}).status_code == 302
    assert Task.objects.filter(stay=stay).count() == len(rows) + len(municipal_only)


@pytest.mark.parametrize("track", Track.values)
def test_every_track_brings_exactly_its_table_rows(client_for, kari, stay, track):
    client_for(kari).post(stay_url("housing:tracks-edit", stay), {"tracks": [track]})

    keys = set(Task.objects.filter(stay=stay).values_list("suggestion_key", flat=True))
    assert keys == {row["key"] for row in table_rows(track)}


def active_tracks(stay) -> list[str]:
    return list(StayTrack.objects.filter(stay=stay).active().values_list("track", flat=True))


def test_removing_a_track_asks_first_then_ends_it_and_keeps_its_tasks(client_for, kari, stay, today):
    client = client_for(kari)
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["privat_leie", "rosa"]})
    before = set(Task.objects.filter(stay=stay).values_list("pk", flat=True))
    done = Task.objects.filter(stay=stay, track="privat_leie").first()
    client.post(reverse("housing:task-toggle-done", kwargs={"task_id": done.pk}), {"done": "1"})
    url = reverse("housing:track-remove", kwargs={"stay_id": stay.pk, "track": "privat_leie"})

    # The resident's page links to a question, not to a button that acts at once.
    page = client.get(stay_url("residents:stay-detail", stay)).content.decode()
    assert f'href="{url}"' in page
    question = client.get(url)
    assert question.status_code == 200
    assert "Avslutte sporet «Privat leie»?" in question.content.decode()
    assert set(active_tracks(stay)) == {"privat_leie", "rosa"}  # asking changed nothing

    response = client.post(url, {"ended_on": today.isoformat()})

    assert response.status_code == 302
    assert active_tracks(stay) == ["rosa"]
    ended = StayTrack.objects.get(stay=stay, track="privat_leie")
    assert (ended.chosen_on, ended.ended_on) == (today, today)
    assert set(Task.objects.filter(stay=stay).values_list("pk", flat=True)) == before
    done.refresh_from_db()
    assert done.done_on == today
    page = client.get(stay_url("residents:stay-detail", stay)).content.decode()
    assert "Privat leie" in page and "avsluttet" in page


def test_an_ended_track_cannot_be_ended_again_or_before_it_began(client_for, kari, stay, today):
    client = client_for(kari)
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["privat_leie"]})
    url = reverse("housing:track-remove", kwargs={"stay_id": stay.pk, "track": "privat_leie"})

    early = client.post(url, {"ended_on": (today - datetime.timedelta(days=1)).isoformat()})
    assert early.status_code == 400
    assert "Sporet kan ikke avsluttes før det ble valgt." in early.content.decode()
    future = client.post(url, {"ended_on": (today + datetime.timedelta(days=1)).isoformat()})
    assert future.status_code == 400
    assert active_tracks(stay) == ["privat_leie"]

    assert client.post(url, {"ended_on": today.isoformat()}).status_code == 302
    assert client.get(url).status_code == 404  # nothing left to end


def test_choosing_an_ended_track_again_reopens_it_with_its_first_start(client_for, kari, stay, today):
    client = client_for(kari)
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["privat_leie", "rosa"]})
    first_start = today - datetime.timedelta(days=9)
    StayTrack.objects.filter(stay=stay).update(chosen_on=first_start)  # chosen nine days ago

    # Unticking on the tracks page ends it too (today); choosing it again reopens the same row.
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["rosa"]})
    ended = StayTrack.objects.get(stay=stay, track="privat_leie")
    assert ended.ended_on == today
    client.post(stay_url("housing:tracks-edit", stay), {"tracks": ["privat_leie", "rosa"]})

    again = StayTrack.objects.get(stay=stay, track="privat_leie")
    assert again.pk == ended.pk
    assert (again.chosen_on, again.ended_on, again.reopened_on) == (first_start, None, today)
    assert Task.objects.filter(stay=stay, track="privat_leie").count() == len(table_rows("privat_leie"))
    assert Task.objects.filter(stay=stay, track="rosa").count() == len(table_rows("rosa"))


def test_removing_an_unknown_track_is_a_404(client_for, kari, stay):
    url = reverse("housing:track-remove", kwargs={"stay_id": stay.pk, "track": "finnes-ikke"})
    assert client_for(kari).post(url).status_code == 404


# --- Tasks. -------------------------------------------------------------------------------------


def test_own_task_create_edit_complete_reopen(client_for, kari, ola, stay, today):
    client = client_for(kari)
    due = today + datetime.timedelta(days=4)

    response = client.post(
        stay_url("housing:task-create", stay),
        {"title": "Bestill flyttebil", "responsible_party": "beboer", "assignee": ola.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    task = Task.objects.get(stay=stay)
    assert (task.title, task.responsible_party, task.assignee, task.due_date) == (
        "Bestill flyttebil",
        "beboer",
        ola,
        due,
    )
    assert task.suggestion_key == "" and task.track == ""

    edit = reverse("housing:task-edit", kwargs={"task_id": task.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"title": "Bestill flyttebil nå", "responsible_party": "krisesenter", "due_date": ""})
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.responsible_party, task.assignee, task.due_date) == (
        "Bestill flyttebil nå",
        "krisesenter",
        None,
        None,
    )

    toggle = reverse("housing:task-toggle-done", kwargs={"task_id": task.pk})
    assert client.post(toggle, {"done": "1"}).status_code == 302
    task.refresh_from_db()
    assert task.done_on == today
    page = client.get(stay_url("residents:stay-detail", stay)).content.decode()
    assert "1 utført oppgave" in page

    assert client.post(toggle, {"done": "0"}).status_code == 302
    task.refresh_from_db()
    assert task.done_on is None
    assert "Ingen åpne oppgaver." not in client.get(stay_url("residents:stay-detail", stay)).content.decode()


def test_toggle_is_post_only(client_for, kari, stay):
    task = Task.objects.create(shelter=stay.shelter, stay=stay, title="x", responsible_party="nav")
    response = client_for(kari).get(reverse("housing:task-toggle-done", kwargs={"task_id": task.pk}))
    assert response.status_code == 405
    task.refresh_from_db()
    assert task.done_on is None


# --- Notifications. -----------------------------------------------------------------------------


def test_notification_recorded_and_answered(client_for, kari, stay, today):
    client = client_for(kari)
    page = client.get(stay_url("housing:notification-create", stay) + "?til=boligkontor").content.decode()
    assert '<option value="boligkontor" selected>' in page

    data = {"agency": "boligkontor", "sent_on": today.isoformat(), "channel": "digital_post", "request": "Søknad"}
    assert client.post(stay_url("housing:notification-create", stay), data).status_code == 302
    notification = stay.notifications.get()
    assert notification.created_by == kari
    assert notification.answered_on is None

    edit = reverse("housing:notification-edit", kwargs={"notification_id": notification.pk})
    assert client.post(edit, {**data, "answer": "Innvilget", "answered_on": today.isoformat()}).status_code == 302
    notification.refresh_from_db()
    assert notification.answer == "Innvilget" and notification.answered_on == today
