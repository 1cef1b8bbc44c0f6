"""A contact person's work on one resident, arrival to departure, in a real browser.

Kari logs in, registers a resident, does the housing assessment, chooses tracks and works the tasks,
tells NAV and the housing office, writes a journal note, and records ready-to-move and departure.
Every page visited, form error pages included, is scanned with axe (0 violations) and saved as a
screenshot in test-artifacts/journey/.
"""

import base64
import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boligplan.housing.choices import ResponsibleParty
from boligplan.housing.suggestions import suggestions_for
from tests.browser.conftest import current_code
from tests.browser.steps import expect_error_summary, expect_message, go_to, nb, overview_row
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "M.K."
OWN_TASK = "Bestill tolk til samtalen hos NAV"
UNTOLD_HEADING = "Ny bolig trengs, men Nav eller boligkontoret har ikke fått henvendelse"


def expect_field_error(page, field_id: str, text: str) -> None:
    """The field is marked invalid and points at its own message, which says what is wrong."""
    field = page.locator(f"#{field_id}")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"(^|\s){field_id}_error(\s|$)"))
    expect(page.locator(f"#{field_id}_error")).to_contain_text(text)


def choice(page, question: str, label: str):
    """One answer of a radio group, found by the group's question (the field's own legend)."""
    group = page.locator("fieldset.app-field").filter(
        has=page.locator("legend", has_text=re.compile(rf"^{re.escape(question)}"))
    )
    return group.get_by_role("radio", name=label, exact=True)


def answer(page, question: str, label: str) -> None:
    choice(page, question, label).check()


def expect_group_error(page, field_id: str, text: str) -> None:
    """A radio group in error: the group points at its message, and each answer is marked invalid."""
    group = page.locator(f"fieldset.app-field:has(#{field_id})")
    expect(group).to_have_attribute("aria-describedby", re.compile(rf"(^|\s){field_id}_error(\s|$)"))
    expect(page.locator(f"#{field_id}_0")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{field_id}_error")).to_contain_text(text)


def overview_cells(page):
    """Dager, Boligkartlegging, Retning, NAV og boligkontor, Neste oppgave."""
    return overview_row(page, NAME).get_by_role("cell")


def fact(scope, term: str):
    """The <dd> that answers a <dt> in a facts list."""
    return scope.locator(f'dt:text-is("{term}") + dd')


def labelled(action: str, what: str):
    """The accessible name of a row action: "Utført: <task>" (Chromium puts a space before the hidden colon)."""
    return re.compile(rf"^{action}\s*:\s*{re.escape(what)}$")


def task_row(page, title: str):
    return page.get_by_role("table", name="Åpne oppgaver").get_by_role("row").filter(has_text=title)


def test_journey(page, check_page, live_server, shelter, kari, lene, ola):
    today = timezone.localdate()
    arrival = today - datetime.timedelta(days=1)
    assessment_due = arrival + datetime.timedelta(days=shelter.assessment_due_days)

    # 1. Log in through the real form (a wrong password first).
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/logg-inn/"))
    expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    check_page("login")
    page.get_by_role("textbox", name="Brukernavn").fill("kari")
    page.get_by_role("textbox", name="Passord").fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("alert")).to_contain_text("Brukernavn eller passord er feil.")
    expect(page.get_by_role("textbox", name="Brukernavn")).to_have_value("kari")
    check_page("login-error")
    page.get_by_role("textbox", name="Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    # First login: two-factor enrolment with the QR code, a wrong code first, then the app's code.
    expect(page.get_by_role("heading", name="Sett opp tofaktorinnlogging", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode for tofaktorappen")).to_be_visible()
    check_page("twofactor-enrol")
    page.goto("/")  # nothing else is reachable before the second factor
    expect(page.get_by_role("heading", name="Sett opp tofaktorinnlogging", level=1)).to_be_visible()
    page.get_by_label("Engangskode").fill("000000")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("alert")).to_contain_text("Koden stemmer ikke")
    check_page("twofactor-enrol-error")
    secret = page.locator(".app-secret").inner_text().replace(" ", "")
    key_hex = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.wait_for_timeout(2_100)  # a wrong code slows down the next try by design
    page.get_by_label("Engangskode").fill(current_code(key_hex))
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", name="Tofaktor er satt opp", level=1)).to_be_visible()
    expect(page.locator(".app-codes li")).to_have_count(10)
    check_page("recovery-codes")
    page.get_by_role("link", name="Jeg har tatt vare på kodene").click()
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect(page.get_by_text("Ingen beboere er registrert på senteret nå.")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("Kari · Fjordby krisesenter")
    check_page("overview-empty")

    # 2. Register a resident; a birth year out of range first, then fixed.
    go_to(page, "Ny beboer")
    expect(page.get_by_role("heading", name="Registrer ny beboer", level=1)).to_be_visible()
    expect(page.get_by_label("Kontaktperson")).to_have_value(str(kari.pk))
    check_page("register")
    page.get_by_label("Navn eller initialer").fill(NAME)
    page.get_by_label("Fødselsår").fill("1800")
    page.get_by_label("Ankomstdato").fill(arrival.isoformat())
    page.get_by_label("Kontaktperson").select_option(label="Lene")
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect_error_summary(page, "Fødselsår: Fødselsåret må være mellom 1900 og")
    expect_field_error(page, "id_birth_year", "Fødselsåret må være mellom 1900 og")
    expect(page.get_by_label("Navn eller initialer")).to_have_value(NAME)
    expect(page.get_by_label("Fødselsår")).to_have_value("1800")
    expect(page.get_by_label("Ankomstdato")).to_have_value(arrival.isoformat())
    expect(page.get_by_label("Kontaktperson")).to_have_value(str(lene.pk))
    check_page("register-error")
    page.get_by_label("Fødselsår").fill("1986")
    page.get_by_role("button", name="Registrer", exact=True).click()
    expect_message(page, "Beboeren er registrert.")
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Kontaktperson: Lene")
    check_page("resident-registered")

    # 3. The overview lists the new resident with the assessment's due date.
    go_to(page, "Oversikt")
    cells = overview_cells(page)
    expect(cells.nth(0)).to_have_text("1")
    expect(cells.nth(1)).to_have_text(f"Frist {nb(assessment_due, 'j. b.')}")
    expect(cells.nth(2)).to_have_text("Ikke avklart")
    expect(cells.nth(4)).to_have_text("Ingen åpne oppgaver")
    expect(overview_row(page, NAME)).to_contain_text("Kontaktperson: Lene")
    check_page("overview-new-resident")

    # 4. Housing assessment: a draft, then completed with a new home needed.
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Start boligkartlegging").click()
    expect(page.get_by_role("heading", name="Boligkartlegging", level=1)).to_be_visible()
    check_page("assessment")
    answer(page, "Type bolig", "Leid privat")
    page.get_by_label("Kommune for tidligere bolig").fill("Fjordby")
    answer(page, "Kjenner voldsutøver adressen?", "Ja")
    page.get_by_role("button", name="Lagre utkast").click()
    expect_message(page, "Boligkartleggingen er lagret som utkast.")
    expect(page.get_by_text("Påbegynt, ikke fullført")).to_be_visible()
    check_page("assessment-draft-saved")
    page.get_by_role("link", name="Åpne boligkartleggingen").click()
    expect(page.get_by_label("Kommune for tidligere bolig")).to_have_value("Fjordby")
    answer(page, "Er det trygt å flytte tilbake?", "Nei")
    page.get_by_role("button", name="Fullfør kartleggingen").click()
    expect_error_summary(page, "Trengs ny bolig?: Svar på om ny bolig trengs før kartleggingen fullføres.")
    expect_group_error(page, "id_new_home_needed", "Svar på om ny bolig trengs")
    expect(choice(page, "Type bolig", "Leid privat")).to_be_checked()
    expect(choice(page, "Er det trygt å flytte tilbake?", "Nei")).to_be_checked()
    check_page("assessment-error")
    answer(page, "Trengs ny bolig?", "Ja")
    answer(page, "Valgt retning", "Ny bolig")
    page.get_by_role("button", name="Fullfør kartleggingen").click()
    expect_message(page, "Boligkartleggingen er fullført.")
    assessment = page.get_by_role("region", name="Boligkartlegging")
    expect(assessment).to_contain_text(f"Utført {nb(today, 'j. F Y')} av Kari")
    expect(fact(assessment, "Valgt retning")).to_have_text("Ny bolig")
    expect(fact(assessment, "Trengs ny bolig?")).to_have_text("Ja")
    expect(page.get_by_role("heading", name=UNTOLD_HEADING)).to_be_visible()
    check_page("assessment-completed")
    # A completed assessment is edited with "Lagre endringer" and stays completed, with its date.
    page.get_by_role("link", name="Åpne boligkartleggingen").first.click()
    expect(page.get_by_role("button", name="Lagre utkast")).to_have_count(0)
    answer(page, "Kan betale depositum", "Nei")
    page.get_by_role("button", name="Lagre endringer").click()
    expect_message(page, "Endringene er lagret. Kartleggingen er fortsatt fullført.")
    expect(assessment).to_contain_text(f"Utført {nb(today, 'j. F Y')} av Kari")
    go_to(page, "Oversikt")
    alarm = "1 beboer trenger ny bolig, men Nav eller boligkontoret har ikke fått henvendelse."
    expect(page.get_by_text(alarm)).to_be_visible()
    expect(cells.nth(1)).to_have_text("✓ Utført")
    expect(cells.nth(2)).to_have_text("Ny bolig")
    expect(cells.nth(3)).to_have_text("! Mangler henvendelse: Nav, boligkontor")
    check_page("overview-alarm")

    # 5. Tracks and their suggested tasks; an own task; complete one, edit one.
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Velg spor").click()
    expect(page.get_by_role("heading", name="Velg spor mot bolig", level=1)).to_be_visible()
    check_page("tracks")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Spor mot bolig: Velg minst ett spor.")
    check_page("tracks-error")
    page.get_by_label("Kommunal bolig").check()
    page.get_by_label("Privat leie").check()
    page.get_by_role("button", name="Lagre").click()
    municipal, private = suggestions_for("kommunal_bolig"), suggestions_for("privat_leie")
    # A suggestion shared by both tracks (bostøtte) comes once.
    suggested = list({s.key: s for s in municipal + private}.values())
    expect_message(page, f"Sporene er lagret. {len(suggested)} foreslåtte oppgaver ble lagt til.")
    tracks = page.get_by_role("region", name="Spor mot bolig")
    expect(tracks).to_contain_text("Kommunal bolig")
    expect(tracks).to_contain_text("Privat leie")
    for suggestion in suggested:
        row = task_row(page, suggestion.title)
        expect(row).to_contain_text(str(ResponsibleParty(suggestion.party).label))
        expect(row).to_contain_text(nb(today + datetime.timedelta(days=suggestion.due_days), "j. b. Y"))
    check_page("tracks-chosen")

    page.get_by_role("link", name="Legg til oppgave").click()
    expect(page.get_by_role("heading", name="Ny oppgave", level=1)).to_be_visible()
    check_page("task-new")
    page.get_by_label("Oppgave").fill(OWN_TASK)
    page.get_by_label("Ansvarlig ansatt").select_option(label="Ola")
    page.get_by_label("Frist").fill((arrival - datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Frist: Fristen kan ikke være før ankomstdatoen.")
    expect_field_error(page, "id_due_date", "Fristen kan ikke være før ankomstdatoen.")
    expect(page.get_by_label("Oppgave")).to_have_value(OWN_TASK)
    expect(page.get_by_label("Ansvarlig ansatt")).to_have_value(str(ola.pk))
    check_page("task-new-error")
    own_due = today + datetime.timedelta(days=1)
    assert all(s.due_days > 1 for s in suggested), "the own task is meant to be the next one due"
    page.get_by_label("Frist").fill(own_due.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Oppgaven er lagt til.")
    expect(task_row(page, OWN_TASK)).to_contain_text("Krisesenteret")
    expect(task_row(page, OWN_TASK)).to_contain_text("Ola")
    expect(task_row(page, OWN_TASK)).to_contain_text(nb(own_due, "j. b. Y"))

    to_complete = private[0].title
    page.get_by_role("button", name=labelled("Utført", to_complete)).click()
    expect_message(page, "Oppgaven er merket som utført.")
    expect(task_row(page, to_complete)).to_have_count(0)
    page.get_by_text("1 utført oppgave").click()
    done_party = str(ResponsibleParty(private[0].party).label)
    expect(page.locator(".app-details li")).to_have_text(
        re.compile(rf"^{re.escape(to_complete)} \({done_party}, utført {re.escape(nb(today, 'j. b.'))}\)")
    )
    check_page("task-completed")

    to_edit = municipal[-1].title
    edited_due = today + datetime.timedelta(days=10)
    page.get_by_role("link", name=labelled("Endre", to_edit)).click()
    expect(page.get_by_role("heading", name="Endre oppgave", level=1)).to_be_visible()
    expect(page.get_by_label("Oppgave")).to_have_value(to_edit)
    check_page("task-edit")
    page.get_by_label("Ansvarlig ansatt").select_option(label="Lene")
    page.get_by_label("Frist").fill(edited_due.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Oppgaven er oppdatert.")
    expect(task_row(page, to_edit)).to_contain_text("Lene")
    expect(task_row(page, to_edit)).to_contain_text(nb(edited_due, "j. b. Y"))
    check_page("task-edited")

    # 6. Tell NAV (an answer without its date first) and the housing office; the alarm goes.
    page.get_by_role("link", name="Registrer henvendelse til Nav").click()
    expect(page.get_by_role("heading", name="Registrer henvendelse til Nav eller boligkontoret")).to_be_visible()
    expect(page.get_by_role("combobox", name="Til")).to_have_value("nav")
    expect(page.get_by_label("Dato sendt")).to_have_value(today.isoformat())
    check_page("notification-nav")
    page.get_by_label("Kanal").select_option(label="Telefon")
    page.get_by_label("Hva ble det bedt om").fill("Ba om hjelp til å finne bolig og om depositumsgaranti.")
    page.get_by_label("Svar", exact=True).fill("NAV har opprettet sak og ringer tilbake innen en uke.")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Svar mottatt: Skriv når svaret kom.")
    expect_field_error(page, "id_answered_on", "Skriv når svaret kom.")
    expect(page.get_by_label("Svar", exact=True)).to_have_value("NAV har opprettet sak og ringer tilbake innen en uke.")
    expect(page.get_by_label("Kanal")).to_have_value("telefon")
    check_page("notification-nav-error")
    page.get_by_label("Svar mottatt").fill(today.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Henvendelsen er registrert.")
    notifications = page.get_by_role("table", name="Henvendelser")
    expect(notifications.get_by_role("row").filter(has_text="NAV")).to_contain_text("Telefon")
    expect(page.get_by_role("link", name="Registrer henvendelse til Nav")).to_have_count(0)
    go_to(page, "Oversikt")
    expect(cells.nth(3)).to_have_text("! Mangler henvendelse: boligkontor")
    check_page("overview-nav-told")

    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="Registrer henvendelse til boligkontoret").click()
    expect(page.get_by_role("combobox", name="Til")).to_have_value("boligkontor")
    page.get_by_label("Kanal").select_option(label="Sikker digital post")
    page.get_by_label("Hva ble det bedt om").fill("Søknad om kommunal bolig er sendt. Ba om rask behandling.")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Henvendelsen er registrert.")
    office = notifications.get_by_role("row").filter(has_text="Boligkontoret i kommunen")
    expect(office).to_contain_text("Ikke svart ennå")
    expect(page.get_by_role("heading", name=UNTOLD_HEADING)).to_have_count(0)
    check_page("notifications-both")
    office.get_by_role("link", name=re.compile(r"^Endre")).click()
    expect(page.get_by_role("heading", name="Endre henvendelse", level=1)).to_be_visible()
    check_page("notification-edit")
    page.get_by_label("Svar", exact=True).fill("Søknaden behandles i neste tildelingsmøte.")
    page.get_by_label("Svar mottatt").fill(today.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Henvendelsen er oppdatert.")
    expect(office).to_contain_text("Søknaden behandles i neste tildelingsmøte.")
    go_to(page, "Oversikt")
    expect(page.get_by_text("trenger ny bolig, men Nav eller boligkontoret har ikke fått henvendelse")).to_have_count(0)
    expect(cells.nth(3)).to_have_text("✓ Begge har fått henvendelse")
    expect(cells.nth(4)).to_contain_text(OWN_TASK)
    expect(cells.nth(4)).to_contain_text(f"Frist {nb(own_due, 'j. b.')} · Krisesenteret")
    check_page("overview-all-told")

    # 7. A journal note, shown with its author and time.
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    page.get_by_text("Skriv nytt notat").click()  # the form is folded until wanted
    page.get_by_role("button", name="Lagre notat").click()
    expect_error_summary(page, "Nytt notat: Notatet er tomt.")
    expect_field_error(page, "id_text", "Notatet er tomt.")
    check_page("note-error")
    note_text = "Snakket med beboeren om søknaden. Hun ønsker å bo nær skolen til barna."
    page.get_by_label("Nytt notat").fill(note_text)
    before = timezone.localtime()
    page.get_by_role("button", name="Lagre notat").click()
    expect_message(page, "Notatet er lagret.")
    after = timezone.localtime()
    note = page.get_by_role("article").filter(has_text=note_text)
    expect(note).to_have_count(1)
    written = note.locator("p").first.inner_text()
    assert written in {f"{nb(t, 'j. F Y H:i')} · Kari" for t in (before, after)}, written
    check_page("note-saved")

    # 8. Ready to move (a date before arrival first), then departure: the stay leaves the overview.
    page.get_by_role("link", name="Registrer klar til å flytte").click()
    expect(page.get_by_role("heading", name="Klar til å flytte", level=1)).to_be_visible()
    check_page("ready-to-move")
    page.get_by_label("Klar til å flytte").fill((arrival - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Hva venter beboeren på?").select_option(label="Venter på kommunen")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Klar til å flytte: Datoen kan ikke være før ankomstdatoen.")
    expect_field_error(page, "id_ready_to_move_date", "Datoen kan ikke være før ankomstdatoen.")
    expect(page.get_by_label("Hva venter beboeren på?")).to_have_value("kommunen")
    check_page("ready-to-move-error")
    page.get_by_label("Klar til å flytte").fill(today.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Dato for klar til å flytte er lagret.")
    moving = page.get_by_role("region", name="Flytting")
    ready = fact(moving, "Klar til å flytte ut (hvis bolig var på plass)")
    expect(ready).to_have_text(f"{nb(today, 'j. F Y')} – Venter på kommunen")

    page.get_by_role("link", name="Registrer utflytting").click()
    expect(page.get_by_role("heading", name="Registrer utflytting", level=1)).to_be_visible()
    expect(page.get_by_label("Utflyttingsdato")).to_have_value(today.isoformat())
    check_page("departure")
    page.get_by_label("Utflyttingsdato").fill((arrival - datetime.timedelta(days=1)).isoformat())
    page.get_by_label("Flytter til").select_option(label="Ny bolig – kommunal")
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_error_summary(page, "Utflyttingsdato: Utflytting kan ikke være før ankomst.", "Er boligen varig")
    expect_field_error(page, "id_departure_date", "Utflytting kan ikke være før ankomst.")
    expect(page.get_by_label("Flytter til")).to_have_value("ny_kommunal")
    check_page("departure-error")
    page.get_by_label("Utflyttingsdato").fill(today.isoformat())
    page.get_by_label("Varig", exact=True).check()
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_message(page, "Utflyttingen er registrert. Oppholdet ligger nå under tidligere opphold.")
    expect(fact(moving, "Flyttet ut")).to_have_text(nb(today, "j. F Y"))
    expect(fact(moving, "Flyttet til")).to_have_text("Ny bolig – kommunal (varig)")
    expect(page.get_by_role("link", name="Registrer utflytting")).to_have_count(0)
    check_page("departed")

    go_to(page, "Oversikt")
    expect(page.get_by_text("Ingen beboere er registrert på senteret nå.")).to_be_visible()
    expect(page.get_by_role("link", name=NAME)).to_have_count(0)
    check_page("overview-after-departure")
    go_to(page, "Tidligere opphold")
    earlier = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=NAME))
    expect(earlier).to_contain_text(nb(arrival, "j. b. Y"))
    expect(earlier).to_contain_text("Ny bolig – kommunal (varig)")
    check_page("earlier-stays")
    earlier.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("navigation", name="Brødsmuler")).to_contain_text("Tidligere opphold")
    expect(page.get_by_role("region", name="Boligkartlegging")).to_contain_text("Utført")
    page.get_by_text("2 besvarte henvendelser").click()  # answered ones are folded
    expect(page.get_by_role("table", name="Henvendelser").get_by_role("row")).to_have_count(3)
    expect(page.get_by_role("article").filter(has_text=note_text)).to_have_count(1)
    expect(task_row(page, OWN_TASK)).to_have_count(1)
    check_page("earlier-stay")

    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()
    check_page("logged-out")

    check_page.assert_no_violations()
