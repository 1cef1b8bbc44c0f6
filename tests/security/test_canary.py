"""The canary: a protected address appears nowhere but in the single, logged reveal.

A unique address is planted on a resident with a confidential (FORTROLIG) address. Then every
page is fetched as every role, every link on those pages to a file (PDF, CSV, ICS) is followed,
and the responses, the captured logs and the audit table are searched. The only place the
address may appear is the answer to one deliberate reveal, with its reason, by the contact person.
"""

import datetime
import logging
import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children
from boligplan.housing import services as housing
from boligplan.residents import addresses
from boligplan.residents import services as residents
from tests.conftest import PASSWORD
from tests.parts import PARTS
from tests.pdf import pdf_text

CANARY = "Kanarifugl-allé 13B, 9413 Skjultvik"
ROLES = ["kari", "ola", "berit", "lene", "stian", "frida"]
FILE_LINK = re.compile(r'href="(/[^"#]+)"')


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def fill(route: str, ids: dict) -> str | None:
    def replace(match):
        converter, name = match.group(1), match.group(2)
        if name in ids:
            return str(ids[name])
        if converter == "uuid":
            return str(uuid.uuid4())
        return "privat_leie"

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", replace, route)


def text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in content_type:
        return pdf_text(body)
    return body.decode("utf-8", errors="replace")


@pytest.fixture
def planted(make_stay, kari, berit, today):
    stay = make_stay(display_name="Kanari K.", days_ago=20)
    housing.assessment_save(
        actor=kari,
        stay=stay,
        today=today,
        complete=True,
        values={"new_home_needed": "ja", "direction": "ny_bolig", "previous_municipality": "Fjordby"},
    )
    housing.tracks_set(actor=kari, stay=stay, tracks=["privat_leie", "kommunal_bolig"], today=today)
    housing.notification_record(
        actor=kari,
        stay=stay,
        values={
            "agency": "nav",
            "sent_on": today,
            "channel": "brev",
            "request": "Trenger bolig",
            "answer": "",
            "answered_on": None,
        },
    )
    residents.journal_note_add(actor=kari, stay=stay, text="Samtale om bolig")
    child = children.child_add(
        actor=kari, stay=stay, first_name="Kanarino", birth_year=today.year - 9, contact_person=berit
    )
    children.child_information_add(
        actor=berit, child=child, told_on=today, phase="for", what_told="Vi skal flytte", reaction=""
    )
    residents.stay_set_ready_to_move(
        actor=kari,
        stay=stay,
        ready_to_move_date=today,
        wait_cause="kommunen",
        planned_departure_date=today + datetime.timedelta(days=7),
    )
    addresses.stay_set_new_home_address(actor=kari, stay=stay, address=CANARY)
    addresses.resident_set_protection(actor=kari, resident=stay.resident, grading="FORTROLIG")
    ids = {
        "stay_id": stay.pk,
        "resident_id": stay.resident_id,
        "child_id": child.pk,
        "task_id": stay.tasks.first().pk,
        "notification_id": stay.notifications.first().pk,
    }
    # The pathway apps' objects (measures, ads, viewings, letters, follow-up), so their pages and
    # files are fetched with real ids too.
    for part in PARTS:
        ids.update({f"{name}_id": obj.pk for name, obj in part.build(stay, kari, today).items()})
    return stay, ids


def test_the_canary_appears_only_in_the_one_logged_reveal(request, client, planted, caplog):
    from tests.conftest import verified_login

    stay, ids = planted
    caplog.set_level(logging.DEBUG)
    leaks = []
    fetched = 0
    files_fetched = set()
    for username in ROLES:
        user = request.getfixturevalue(username)
        client.logout()
        verified_login(client, user)
        seen = set()
        queue = [fill(route, ids) for route, _ in all_patterns() if "static" not in route]
        while queue:
            url = queue.pop()
            if url in seen or url.startswith("/logg-ut"):
                continue
            seen.add(url)
            response = client.get(url)
            fetched += 1
            if response.status_code == 200 and not response.get("Content-Type", "").startswith("text/html"):
                files_fetched.add(url)
            if response.status_code >= 500:
                leaks.append(f"{username} {url}: HTTP {response.status_code}")
                continue
            text = text_of(response)
            if CANARY in text or CANARY in response.get("Location", "") or CANARY in url:
                leaks.append(f"{username} {url}")
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                # Follow links to files (exports, PDFs, calendars) the page offers.
                for link in FILE_LINK.findall(text):
                    link = link.replace("&amp;", "&")
                    if re.search(r"\.(pdf|csv|ics)\b|format=|eksport|export|rapport|plan", link):
                        queue.append(link)
    assert fetched > 100
    assert not leaks, leaks
    # The files the rules care most about were among those searched: a letter, a calendar file.
    assert any(url.endswith("/brev.pdf") for url in files_fetched), files_fetched
    assert any(url.endswith(".ics") for url in files_fetched), files_fetched
    assert any(url.endswith("/saksoppsummering.pdf") for url in files_fetched), files_fetched
    assert any("/min-boligplan.pdf?lang=en" in url for url in files_fetched), files_fetched

    # The one allowed place: a reveal with a reason by a case worker.
    client.logout()
    verified_login(client, request.getfixturevalue("kari"))
    reveal = client.post(f"/opphold/{stay.pk}/adresse/vis/", {"reason": "brev", "password": PASSWORD})
    assert reveal.status_code == 200 and CANARY in reveal.content.decode()

    for event in AuditEvent.objects.all():
        assert CANARY not in " ".join(str(value) for value in event.__dict__.values())
    assert CANARY not in caplog.text
    assert AuditEvent.objects.filter(action="address.revealed").count() == 1
