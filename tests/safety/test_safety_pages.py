"""The safety pages: bad input, constant queries, the resident's page section, ended stays, races."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from boligplan.safety import services
from boligplan.safety.checklist import checklist_items
from boligplan.safety.models import ChecklistAnswer, SafeReturnAssessment, SafetyMeasure
from boligplan.safety.services import ItemInput
from tests.helpers import data_snapshot, write_audit_count

DAY = datetime.timedelta(days=1)


def stay_page(client, stay) -> str:
    response = client.get(reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}))
    assert response.status_code == 200
    return response.content.decode()


def section_of(content: str) -> str:
    return content.split('aria-labelledby="h-safety"', 1)[1].split("</section>", 1)[0]


def measure_values(today, **changes):
    values = {
        "kind": "besoksforbud",
        "status": "innvilget",
        "requested_on": today - 4 * DAY,
        "decided_on": today - 2 * DAY,
        "valid_from": today - 2 * DAY,
        "expires_on": today + 60 * DAY,
        "note": "",
    }
    return values | changes


def post_data(values: dict) -> dict:
    return {name: (value.isoformat() if isinstance(value, datetime.date) else value) for name, value in values.items()}


# --- Bad input: 400, message by the field and in the summary, input kept, nothing saved. --------

LONG_REASON = "Grunn " + "g" * 1995  # 2001 characters
LONG_NOTE = "Merknad " + "m" * 493  # 501 characters


def measure_create_url(c):
    return reverse("safety:measure-create", kwargs={"stay_id": c["stay"].pk})


def measure_edit_url(c):
    return reverse("safety:measure-edit", kwargs={"measure_id": c["measure"].pk})


def safe_return_url(c):
    return reverse("safety:safe-return-edit", kwargs={"stay_id": c["stay"].pk})


def checklist_url(c):
    return reverse("safety:checklist-edit", kwargs={"stay_id": c["stay"].pk})


BAD = [
    # (id, url, data, field, expected message part, text that must be kept)
    ("measure-unknown-kind", measure_create_url, {"kind": "romferd"}, "kind", None, None),
    ("measure-unknown-status", measure_create_url, {"status": "kanskje"}, "status", None, None),
    ("measure-garbage-date", measure_create_url, {"decided_on": "i går"}, "decided_on", None, "i går"),
    ("measure-granted-without-decision", measure_create_url, {"decided_on": ""}, "decided_on", "avgjort", None),
    ("measure-decided-in-future", measure_create_url, {"decided_on": "+3"}, "decided_on", "fram i tid", None),
    ("measure-expires-before-start", measure_create_url, {"expires_on": "-10"}, "expires_on", "før det", None),
    ("measure-beyond-legal-maximum", measure_create_url, {"expires_on": "+400"}, "expires_on", "høyst ett år", None),
    ("measure-absurd-year", measure_create_url, {"expires_on": "2999-01-01"}, "expires_on", None, None),
    ("measure-long-note", measure_create_url, {"note": LONG_NOTE}, "note", None, LONG_NOTE),
    ("measure-edit-expired-in-future", measure_edit_url, {"status": "utlopt"}, "expires_on", "utløpt", None),
    ("measure-edit-long-note", measure_edit_url, {"note": LONG_NOTE}, "note", None, LONG_NOTE),
    ("safe-return-long-reason", safe_return_url, {"reason": LONG_REASON}, "reason", None, LONG_REASON),
    (
        "safe-return-locks-without-date",
        safe_return_url,
        {"locks_changed": "byttet"},
        "locks_changed_on",
        "byttet",
        None,
    ),
    (
        "safe-return-locks-in-future",
        safe_return_url,
        {"locks_changed": "byttet", "locks_changed_on": "+2"},
        "locks_changed_on",
        "fram i tid",
        None,
    ),
    ("safe-return-unknown-choice", safe_return_url, {"conclusion": "tja"}, "conclusion", None, None),
    (
        "safe-return-complete-without-conclusion",
        safe_return_url,
        {"complete": "1", "reason": "Behold meg"},
        "conclusion",
        "fullføres",
        "Behold meg",
    ),
    (
        "checklist-note-without-answer",
        checklist_url,
        {"note_innsyn": "Behold notatet"},
        "answer_innsyn",
        "Velg et svar",
        "Behold notatet",
    ),
    ("checklist-unknown-answer", checklist_url, {"answer_innsyn": "kanskje"}, "answer_innsyn", None, None),
    (
        "checklist-long-note",
        checklist_url,
        {"answer_innsyn": "ok", "note_innsyn": LONG_NOTE},
        "note_innsyn",
        None,
        LONG_NOTE,
    ),
]


@pytest.fixture
def bad_ctx(make_stay, kari, today):
    stay = make_stay(display_name="Berta Beboer", days_ago=10)
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    return {"stay": stay, "measure": measure, "today": today}


def _resolve(value, today):
    if isinstance(value, str) and re.fullmatch(r"[+-]\d+", value):
        return (today + int(value) * DAY).isoformat()
    return value


@pytest.mark.parametrize(("bad_id", "url", "data", "field", "message", "kept"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_kept_and_explained(client_for, kari, bad_ctx, bad_id, url, data, field, message, kept):
    today = bad_ctx["today"]
    base = {}
    if url in (measure_create_url, measure_edit_url):
        base = post_data(measure_values(today))
    data = base | {name: _resolve(value, today) for name, value in data.items()}
    before, writes_before = data_snapshot(), write_audit_count()

    response = client_for(kari).post(url(bad_ctx), data)

    assert response.status_code == 400
    content = response.content.decode()
    assert data_snapshot() == before
    assert write_audit_count() == writes_before
    summary = content.split('class="ds-error-summary"', 1)[1].split("</div>", 1)[0]
    # A radio group is linked through its first radio.
    assert re.search(rf'href="#id_{field}(_0)?"', summary)
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    if message:
        assert any(message in error for error in form.errors[field]), form.errors[field]
    for error in form.errors[field]:
        assert escape(error) in summary
        assert f'id="id_{field}_error">{escape(error)}</p>' in content
    if kept:
        assert escape(kept) in content


def test_the_bad_input_list_covers_every_form():
    assert {url for _, url, *_ in BAD} == {measure_create_url, measure_edit_url, safe_return_url, checklist_url}


def test_garbage_version_and_huge_posts_are_400_not_500(client_for, kari, bad_ctx):
    client = client_for(kari)
    for url in (measure_create_url, measure_edit_url, safe_return_url, checklist_url):
        response = client.post(url(bad_ctx), {"version": "x", "version_innsyn": "-4", "kind": "a" * 10_000})
        assert response.status_code == 400


# --- Happy paths through the pages -------------------------------------------------------------


def test_a_measure_is_recorded_and_edited_through_the_pages(client_for, kari, stay, today):
    client = client_for(kari)
    response = client.post(
        reverse("safety:measure-create", kwargs={"stay_id": stay.pk}), post_data(measure_values(today, note="Ok"))
    )
    assert response.status_code == 302
    measure = SafetyMeasure.objects.get()
    edit = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
    assert "Besøksforbud" in client.get(edit).content.decode()

    response = client.post(edit, post_data(measure_values(today, status="utlopt", expires_on=today)) | {"version": "1"})

    assert response.status_code == 302
    assert SafetyMeasure.objects.get().status == "utlopt"


def test_the_safe_return_page_saves_and_completes(client_for, kari, stay, today):
    client = client_for(kari)
    url = reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})
    client.post(url, {"reason": "Utkast", "draft": "1"})
    assessment = SafeReturnAssessment.objects.get()
    assert assessment.assessed_on is None

    response = client.post(url, {"reason": "Ferdig", "conclusion": "nei", "complete": "1", "version": "1"})

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.reason, assessment.assessed_on, assessment.assessed_by) == ("Ferdig", today, kari)


def test_the_safe_return_page_shows_what_each_child_keeps(client_for, kari, stay, today):
    child = children_services.child_add(actor=kari, stay=stay, first_name="Oda", birth_year=today.year - 7)
    children_services.child_update(actor=kari, child=child, values={"keeps_school": "ja", "keeps_friends": "nei"})

    content = client_for(kari).get(reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})).content.decode()

    row = re.search(r"<tr><th scope=\"row\">Oda</th>.*?</tr>", content, re.S).group(0)
    assert "Ja, beholder" in row and "Nei, må bytte" in row


def test_the_checklist_page_saves_only_what_changed(client_for, kari, ola, stay, today):
    items = checklist_items()
    services.checklist_save(
        actor=kari, stay=stay, items={items[0].key: ItemInput("ok", "Fint", 0)}, today=today - 3 * DAY
    )
    data = {f"answer_{items[0].key}": "ok", f"note_{items[0].key}": "Fint", f"version_{items[0].key}": "1"}
    data |= {f"answer_{items[1].key}": "folges_opp", f"note_{items[1].key}": "Spør utleier"}

    response = client_for(ola).post(reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk}), data)

    assert response.status_code == 302
    answers = {a.item_key: a for a in ChecklistAnswer.objects.all()}
    assert (answers[items[0].key].answered_on, answers[items[0].key].answered_by) == (today - 3 * DAY, kari)
    assert (answers[items[1].key].answered_on, answers[items[1].key].answered_by) == (today, ola)


def test_the_checklist_page_answers_a_lost_race_with_409_keeping_the_input(client_for, kari, ola, stay, today):
    key = checklist_items()[0].key
    url = reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk})
    loaded = {f"answer_{key}": "folges_opp", f"note_{key}": "Olas notat", f"version_{key}": "0"}
    services.checklist_save(actor=kari, stay=stay, items={key: ItemInput("ok", "Karis", 0)}, today=today)

    response = client_for(ola).post(url, loaded)

    assert response.status_code == 409
    content = response.content.decode()
    assert "Olas notat" in content
    assert f'name="version_{key}" value="1"' in content
    assert "Opplevd trygghet" in content.split('data-color="warning"', 1)[1].split("</div>", 1)[0]
    assert ChecklistAnswer.objects.get().note == "Karis"
    # Saving again, now knowing, goes through.
    assert client_for(ola).post(url, loaded | {f"version_{key}": "1"}).status_code == 302
    assert ChecklistAnswer.objects.get().note == "Olas notat"


@pytest.mark.parametrize("page", ["measure", "safe-return"])
def test_the_versioned_pages_answer_a_lost_race_with_a_conflict(client_for, kari, ola, stay, today, page):
    if page == "measure":
        measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
        url = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
        form = post_data(measure_values(today, note="Ny"))
    else:
        services.safe_return_save(actor=kari, stay=stay, values={"reason": "Først"}, complete=False, today=today)
        url = reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk})
        form = {"reason": "Ny"}
    assert client_for(ola).post(url, form | {"version": "1"}).status_code == 302
    second = client_for(kari).post(url, form | {"version": "1", "note": "Min tekst", "reason": "Min tekst"})
    assert second.status_code == 409
    assert 'name="version" value="2"' in second.content.decode()
    assert "Min tekst" in second.content.decode()


# --- Ended stays ---------------------------------------------------------------------------------


def test_an_ended_stay_is_readable_but_takes_no_new_measure(client_for, kari, stay, today):
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    resident_services.stay_depart(
        actor=kari, stay=stay, departure_date=today, destination="tidligere_bolig", permanence="varig"
    )
    client = client_for(kari)
    create = reverse("safety:measure-create", kwargs={"stay_id": stay.pk})

    for response in (client.get(create), client.post(create, post_data(measure_values(today)))):
        assert response.status_code == 302
        assert response["Location"] == reverse("residents:stay-detail", kwargs={"stay_id": stay.pk}) + "#s-sikkerhet"
    assert SafetyMeasure.objects.count() == 1
    content = stay_page(client, stay)
    assert "Nye sikkerhetstiltak kan ikke registreres" in content
    assert create not in section_of(content)
    assert "Besøksforbud" in section_of(content)

    # An existing measure can still be put right.
    edit = reverse("safety:measure-edit", kwargs={"measure_id": measure.pk})
    data = post_data(measure_values(today, status="utlopt", expires_on=today)) | {"version": "1"}
    assert client.post(edit, data).status_code == 302


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


# --- Access, seen from the safety pages --------------------------------------------------------


def test_who_may_open_the_safety_pages(client_for, kari, lene, berit, stian, frida, stay, today):
    measure = services.measure_record(actor=kari, stay=stay, values=measure_values(today), today=today)
    urls = [
        reverse("safety:safe-return-edit", kwargs={"stay_id": stay.pk}),
        reverse("safety:measure-create", kwargs={"stay_id": stay.pk}),
        reverse("safety:measure-edit", kwargs={"measure_id": measure.pk}),
        reverse("safety:checklist-edit", kwargs={"stay_id": stay.pk}),
    ]
    audit_before = AuditEvent.objects.count()
    for user, status in ((berit, 403), (stian, 403), (frida, 404)):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == status, (user, url)
            assert client.post(url, post_data(measure_values(today))).status_code == status
    assert AuditEvent.objects.count() == audit_before
    assert SafetyMeasure.objects.count() == 1
    for user in (kari, lene):
        for url in urls:
            assert client_for(user).get(url).status_code == 200
