"""Two children in the move, in a real browser.

"Two children: both asked, one informed before/during/after, departure to a home where one child
changes school — the counts show it, the overview flagged the missing information before it was
filled in."

Kari registers Emma (9) and Jonas (4) on their mother's stay and asks Jonas; the move is planned
and the overview flags that the children have not been told. Berit, Emma's contact person, sees
only Emma, asks her and tells her what happens before the move. Lene tells Jonas, and the flag
goes. Emma keeps her school, Jonas changes kindergarten; after the departure Emma has three moves
(one known from before the shelter) and no change of school, Jonas two moves and one change.
Every page is scanned with axe (0 violations) and saved in test-artifacts/children/, with the
children's plans as PDF and PNG for a human to look at.
"""

import datetime
import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from boligplan.housing import services as housing_services
from boligplan.residents import services as resident_services
from tests.browser.steps import choose, expect_error_summary, expect_message, go_to, nb, overview_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "S.L."
JOURNAL = "Journalnotat som barnekontakten aldri skal se"


def child_item(page, name: str):
    """The child's entry in the resident page's list of children."""
    region = page.get_by_role("region", name="Barn som bor med beboeren")
    return region.get_by_role("listitem").filter(has=page.get_by_role("link", name=name, exact=True))


def counts(page):
    return page.get_by_role("region", name="Flyttinger og det barnet beholder").locator(".app-counts")


def open_child(page, name: str) -> None:
    child_item(page, name).get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()


def to_parent(page) -> None:
    page.get_by_role("navigation", name="Brødsmuler").get_by_role("link", name="Forelderens side").click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()


def tell(page, phase: str, what: str, reaction: str = "") -> None:
    """On the child's page: log what the child was told, in the given phase."""
    page.get_by_role("link", name="Registrer informasjon").click()
    expect(page.get_by_role("heading", name="Hva har barnet fått vite?", level=1)).to_be_visible()
    page.get_by_role("radio", name=phase).check()
    page.get_by_label("Hva barnet fikk vite").fill(what)
    if reaction:
        page.get_by_label("Hvordan barnet tok det").fill(reaction)
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Informasjonen er lagret.")


def log_out(page) -> None:
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn", level=1)).to_be_visible()


def save_plan(page, check_page, name: str) -> None:
    """Download the child's plan from the child's page, keep it, and render it as PNG (60 dpi)."""
    href = page.get_by_role("link", name="Barnets plan (PDF)").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'inline; filename="barnets-plan.pdf"'
    body = response.body()
    assert body.startswith(b"%PDF")
    pdf = check_page.directory / f"plan-{name}.pdf"
    pdf.write_bytes(body)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:  # poppler-utils; the PNG is for a human to look at, the PDF is kept either way
        subprocess.run([pdftoppm, "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True)  # noqa: S603


def test_children(page, check_page, log_in, shelter, kari, berit, lene, make_stay):
    today = timezone.localdate()
    stay = make_stay(display_name=NAME, days_ago=10)
    housing_services.assessment_save(
        actor=kari, stay=stay, values={"new_home_needed": "ja", "direction": "ny_bolig"}, complete=True, today=today
    )
    resident_services.journal_note_add(actor=kari, stay=stay, text=JOURNAL)
    planned = today + datetime.timedelta(days=7)

    # 1. Kari registers Emma (a birth year that makes her an adult first) and Jonas.
    log_in(kari)
    expect(page.get_by_role("heading", name="Oversikt", level=1)).to_be_visible()
    expect(overview_row(page, NAME)).not_to_contain_text("Barn ikke informert")
    check_page("overview-before")
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    children = page.get_by_role("region", name="Barn som bor med beboeren")
    expect(children).to_contain_text("Ingen barn er registrert på oppholdet.")
    check_page("stay-no-children")

    children.get_by_role("link", name="Registrer barn").click()
    expect(page.get_by_role("heading", name="Registrer barn", level=1)).to_be_visible()
    check_page("child-new")
    page.get_by_label("Fornavn").fill("Emma")
    page.get_by_label("Fødselsår").fill(str(today.year - 30))
    page.get_by_label("Barnets kontaktperson").select_option(label="Berit")
    page.get_by_label("Barnehage eller skole").fill("Fjordby skole")
    page.get_by_label("Fritidsaktiviteter", exact=True).fill("Fotball")
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, f"Fødselsår: Et barn er født mellom {today.year - 18} og {today.year}.")
    expect(page.get_by_label("Fødselsår")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Fornavn")).to_have_value("Emma")
    expect(page.get_by_label("Barnets kontaktperson")).to_have_value(str(berit.pk))
    expect(page.get_by_label("Fritidsaktiviteter", exact=True)).to_have_value("Fotball")
    check_page("child-new-error")
    page.get_by_label("Fødselsår").fill(str(today.year - 9))
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Barnet er registrert.")
    expect(page.get_by_role("heading", name="Emma", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Barnets kontaktperson: Berit")
    expect(page.get_by_text("Barnet er ikke spurt om hva det ønsker.")).to_be_visible()
    expect(counts(page)).to_have_text(re.compile(r"^\s*1 flytting\s+·\s+0 bytter av barnehage/skole\s*$"))
    check_page("emma-new")

    to_parent(page)
    children.get_by_role("link", name="Registrer barn").click()
    page.get_by_label("Fornavn").fill("Jonas")
    page.get_by_label("Fødselsår").fill(str(today.year - 4))
    page.get_by_label("Barnets kontaktperson").select_option(label="Kari")
    page.get_by_label("Barnehage eller skole").fill("Fjordby barnehage")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Barnet er registrert.")
    expect(page.get_by_role("heading", name="Jonas", level=1)).to_be_visible()
    check_page("jonas-new")

    # 2. Kari asks Jonas what he wishes; the resident's page shows that Emma has not been asked.
    page.get_by_role("link", name="Skriv ned barnets ønsker").click()
    expect(page.get_by_role("heading", name="Hva ønsker barnet?", level=1)).to_be_visible()
    expect(page.get_by_label("Spurt dato")).to_have_value(today.isoformat())
    check_page("jonas-wish")
    page.get_by_label("Barnets ønsker, med barnets egne ord").fill("Bamsen skal være med. Jeg vil bo med mamma.")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Barnets ønsker er lagret.")
    wishes = page.get_by_role("region", name="Barnets ønsker")
    expect(wishes).to_contain_text(f"{nb(today, 'j. F Y')} · spurt av Kari")
    expect(wishes).to_contain_text("Bamsen skal være med. Jeg vil bo med mamma.")
    expect(page.get_by_text("Barnet er ikke spurt om hva det ønsker.")).to_have_count(0)
    check_page("jonas-asked")
    to_parent(page)
    expect(child_item(page, "Emma")).to_contain_text("Ikke spurt om egne ønsker")
    expect(child_item(page, "Jonas")).not_to_contain_text("Ikke spurt")
    check_page("stay-one-asked")

    # 3. The move is planned: the overview flags a family whose children have not been told.
    page.get_by_role("link", name="Registrer klar til å flytte").click()
    page.get_by_label("Klar til å flytte").fill(today.isoformat())
    page.get_by_label("Planlagt utflytting").fill(planned.isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Dato for klar til å flytte er lagret.")
    for name in ["Emma", "Jonas"]:
        expect(child_item(page, name)).to_contain_text("Har ikke fått vite hva som skjer før flyttingen")
    check_page("stay-move-planned")
    go_to(page, "Oversikt")
    expect(overview_row(page, NAME)).to_contain_text("Barn ikke informert før flytting")
    expect(
        page.get_by_text("1 familie skal snart flytte, men et barn har ikke fått vite hva som skjer før flyttingen.")
    ).to_be_visible()
    check_page("overview-flagged")
    log_out(page)

    # 4. Berit follows Emma only: she sees Emma and the least of the parent's plan, never the journal.
    log_in(berit)
    expect(page.get_by_role("heading", name="Barn på senteret nå", level=1)).to_be_visible()
    menu = page.get_by_role("navigation", name="Hovedmeny")
    # Her work queue (her children's items only), the children she follows, and the directory of
    # public offices; nothing of the parents' cases.
    expect(menu.get_by_role("link")).to_have_text(["Oppgaver", "Barn", "Instanser"])
    table = page.get_by_role("table", name="Barn på senteret nå, med det som gjenstår")
    expect(table.get_by_role("rowheader")).to_have_count(1)
    emma_row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Emma"))
    expect(emma_row).to_contain_text("Ikke spurt")
    expect(emma_row).to_contain_text("Ikke ennå")
    check_page("berit-children")
    emma_row.get_by_role("link", name="Emma").click()
    expect(page.get_by_role("heading", name="Emma", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Forelderens side")).to_have_count(0)
    family = page.get_by_role("region", name="Boligplanen for familien")
    expect(family).to_contain_text(nb(planned, "j. F Y"))
    expect(family).to_contain_text("Ny bolig")
    expect(page.get_by_text("Flyttingen nærmer seg, men barnet har ikke fått vite")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(JOURNAL)
    check_page("berit-emma")

    page.get_by_role("link", name="Skriv ned barnets ønsker").click()
    page.get_by_role("button", name="Lagre").click()
    expect_error_summary(page, "Barnets ønsker, med barnets egne ord:")
    expect(page.get_by_label("Spurt dato")).to_have_value(today.isoformat())
    check_page("berit-wish-error")
    page.get_by_label("Barnets ønsker, med barnets egne ord").fill(
        "Jeg vil bo nær Sara og fortsette på fotballen. Jeg vil ha mitt eget rom."
    )
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Barnets ønsker er lagret.")
    expect(page.get_by_role("region", name="Barnets ønsker")).to_contain_text("spurt av Berit")
    tell(page, "Før flytting", "Dere skal flytte til en ny leilighet om en uke.", "Spurte om hun får ta med sykkelen.")
    expect(page.get_by_text("Flyttingen nærmer seg, men barnet har ikke fått vite")).to_have_count(0)
    check_page("berit-emma-told-before")

    page.get_by_role("link", name="Registrer flytting").click()
    expect(page.get_by_role("heading", name="Registrer en flytting", level=1)).to_be_visible()
    check_page("berit-move")
    page.get_by_label("Hvilken flytting").select_option(label="Flytting før krisesenteret")
    page.get_by_label("Dato (omtrentlig er greit)").fill((stay.arrival_date - datetime.timedelta(days=365)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Flyttingen er registrert.")
    expect(counts(page)).to_contain_text("2 flyttinger")
    check_page("berit-emma-moves")
    log_out(page)

    # 5. Lene: the overview still flags the family, until Jonas is told too.
    log_in(lene)
    expect(overview_row(page, NAME)).to_contain_text("Barn ikke informert før flytting")
    check_page("overview-still-flagged")
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    expect(child_item(page, "Emma")).not_to_contain_text("Har ikke fått vite")
    expect(child_item(page, "Jonas")).to_contain_text("Har ikke fått vite hva som skjer før flyttingen")
    open_child(page, "Jonas")
    tell(page, "Før flytting", "Vi skal flytte til et nytt hus, og bamsen blir med.", "Nikket og smilte.")
    check_page("jonas-told-before")
    go_to(page, "Oversikt")
    expect(overview_row(page, NAME)).not_to_contain_text("Barn ikke informert")
    expect(page.get_by_text("skal snart flytte")).to_have_count(0)
    check_page("overview-all-told")

    # 6. The chosen home: Emma keeps her school, Jonas changes kindergarten.
    overview_row(page, NAME).get_by_role("link", name=NAME).click()
    open_child(page, "Emma")
    page.get_by_role("link", name="Endre opplysninger").click()
    expect(page.get_by_role("heading", name="Opplysninger om barnet", level=1)).to_be_visible()
    choose(page, "Beholder barnehage/skole", "Ja, beholder")
    choose(page, "Beholder fritidsaktiviteter", "Ja, beholder")
    choose(page, "Beholder venner i nærheten", "Usikker")
    page.get_by_label("Før flyttingen").fill("Du får pakke ryggsekken din selv. Sykkelen blir med.")
    page.get_by_label("Etter flyttingen").fill("Du kan invitere Sara på besøk i den nye leiligheten.")
    check_page("emma-edit")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Opplysningene om barnet er lagret.")
    tell(page, "Under flytting", "I dag kommer flyttebilen. Berit kjører deg til skolen etterpå.")
    to_parent(page)
    open_child(page, "Jonas")
    page.get_by_role("link", name="Endre opplysninger").click()
    choose(page, "Beholder barnehage/skole", "Nei, må bytte")
    page.get_by_role("button", name="Lagre").click()
    expect_message(page, "Opplysningene om barnet er lagret.")
    continuity = page.get_by_role("region", name="Flyttinger og det barnet beholder")
    expect(continuity.locator('dt:text-is("Beholder barnehage/skole") + dd')).to_have_text("Nei, må bytte")
    check_page("jonas-changes-kindergarten")

    # 7. Departure to a new municipal home; Emma is told what happens after, and the counts show it.
    to_parent(page)
    page.get_by_role("link", name="Registrer utflytting").click()
    page.get_by_label("Utflyttingsdato").fill(today.isoformat())
    page.get_by_label("Flytter til").select_option(label="Ny bolig – kommunal")
    page.get_by_label("Varig", exact=True).check()
    page.get_by_role("button", name="Registrer utflytting").click()
    expect_message(page, "Utflyttingen er registrert.")
    check_page("departed")

    open_child(page, "Jonas")
    expect(counts(page)).to_have_text(re.compile(r"^\s*2 flyttinger\s+·\s+1 bytte av barnehage/skole\s*$"))
    moves = page.get_by_role("table", name="Flyttinger")
    departure = moves.get_by_role("row").filter(has_text="Fra krisesenteret til ny bolig")
    expect(departure.get_by_role("cell")).to_have_text(
        [nb(today, "j. b. Y"), "Fra krisesenteret til ny bolig", "nei", "ja"]
    )
    family = page.get_by_role("region", name="Boligplanen for familien")
    expect(family).to_contain_text("Ny bolig – kommunal (varig)")
    check_page("jonas-after")
    save_plan(page, check_page, "jonas")

    to_parent(page)
    open_child(page, "Emma")
    tell(page, "Etter flytting", "Nå bor dere i den nye leiligheten. Skolen er den samme.", "Glad for å se Sara igjen.")
    expect(counts(page)).to_have_text(re.compile(r"^\s*3 flyttinger\s+·\s+0 bytter av barnehage/skole\s*$"))
    log = page.get_by_role("region", name="Hva barnet har fått vite")
    expect(log.get_by_role("article")).to_have_count(3)
    for text in ["Dere skal flytte til en ny leilighet", "I dag kommer flyttebilen", "Nå bor dere i den nye"]:
        expect(log).to_contain_text(text)
    expect(log).not_to_contain_text("Ingenting registrert.")
    check_page("emma-after")
    save_plan(page, check_page, "emma")

    # The children list shows children who live at the shelter now: none.
    go_to(page, "Barn")
    expect(page.get_by_text("Ingen barn du følger, bor på senteret nå.")).to_be_visible()
    check_page("children-after")

    check_page.assert_no_violations()
