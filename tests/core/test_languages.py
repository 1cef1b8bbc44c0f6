"""Three interface languages: the catalogues are complete and current, the user's choice is applied,
and documents to someone else keep their own language (ADR 0024, docs/architecture.md "Language").
"""

import re
import shutil
from html.parser import HTMLParser

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.core.catalogues import LOCALE_DIR, catalogue_files, is_stale
from boligplan.core.middleware import UserLanguageMiddleware
from boligplan.housing import services as housing
from boligplan.housing.letters import BOKMAL, NYNORSK, build_letter, letter_html
from tests.pdf import pdf_text

TRANSLATED = ("nn", "en")
PLACEHOLDER = re.compile(r"%(?:\([a-z_]+\))?[-0-9.]*[sdf%]|\{[a-z_]*\}")
# Words only bokmål writes: one of them on a nynorsk or English page is an untranslated string.
BOKMAL_ONLY = re.compile(r"\b(ikke|hva|hvem|hvordan|ennå|beboer|beboere|beboeren|oppgaver|bolig|henvendelse)\b", re.I)
NORWEGIAN = re.compile(r"\b(ikke|ikkje|og|hva|kva|hvem|kven|beboer|bebuar|oppgaver|oppgåver|bolig|bustad)\b", re.I)


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"))


class _Text(HTMLParser):
    """The words a reader sees, leaving out scripts, styles and anything marked lang="nb"."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}

    def __init__(self):
        super().__init__()
        self.stack, self.words = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        parent = self.stack[-1][1] if self.stack else False
        skip = parent or tag in ("script", "style") or dict(attrs).get("lang") == "nb"
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not (self.stack and self.stack[-1][1]):
            self.words.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.words))


# --- The catalogues -------------------------------------------------------------------------------


def test_there_is_a_catalogue_for_each_translated_language():
    assert sorted(p.parent.parent.name for p in catalogue_files()) == sorted(TRANSLATED)
    assert [code for code, _ in settings.LANGUAGES] == ["nb", "nn", "en"]
    assert settings.LOCALE_PATHS == [LOCALE_DIR]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    po = catalogue(lang)
    assert len(po) > 1000
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    empty_plurals = [e.msgid for e in po if e.msgid_plural and not all(e.msgstr_plural.values())]
    assert not untranslated, f"{len(untranslated)} untranslated in {lang}, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}, e.g. {fuzzy[:5]}"
    assert not empty_plurals, f"plural forms missing in {lang}: {empty_plurals[:5]}"
    assert not [e.msgid for e in po.obsolete_entries()], f"obsolete entries left in {lang}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_translation_keeps_the_placeholders_of_its_source(lang):
    wrong = []
    for entry in catalogue(lang):
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
        for source, translated in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translated)):
                wrong.append((source, translated))
    assert not wrong, wrong[:5]


def test_the_catalogues_hold_exactly_the_strings_the_code_marks(tmp_path, monkeypatch):
    """makemessages, run into a copy, would add or drop nothing: the .po files are current.

    A string marked for translation but missing from the catalogues fails here (run
    `make messages`, translate, commit); so does one left behind after its code went away."""
    for lang in TRANSLATED:
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po", target / "django.po")
    monkeypatch.chdir(settings.BASE_DIR)
    before = [po.stat().st_mtime_ns for po in catalogue_files()]
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command(
            "makemessages",
            locale=list(TRANSLATED),
            # "locale": makemessages would otherwise write into every locale folder it walks past.
            ignore_patterns=[".venv", "tests", "node_modules", "var", "locale"],
            add_location="file",
            verbosity=0,
        )
    assert [po.stat().st_mtime_ns for po in catalogue_files()] == before, "the real catalogues were touched"
    for lang in TRANSLATED:
        committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue(lang)}
        extracted_po = polib.pofile(str(tmp_path / lang / "LC_MESSAGES" / "django.po"))
        extracted = {(e.msgctxt, e.msgid, e.msgid_plural) for e in extracted_po if not e.obsolete}
        assert not extracted - committed, f"{lang}: new strings not in the catalogue: {list(extracted - committed)[:5]}"
        assert not committed - extracted, f"{lang}: strings no code uses: {list(committed - extracted)[:5]}"


def test_the_compiled_catalogues_are_current_and_load():
    for po in catalogue_files():
        assert not is_stale(po), f"{po} is newer than its .mo (make install compiles it)"
    with translation.override("nn"):
        assert translation.gettext("Oppgaver") == "Oppgåver"
        assert translation.ngettext("%(counter)s beboer", "%(counter)s beboere", 2) == "%(counter)s bebuarar"
    with translation.override("en"):
        assert translation.gettext("Oppgaver") == "Tasks"
    with translation.override("nb"):
        assert translation.gettext("Oppgaver") == "Oppgaver"


# --- The user's language --------------------------------------------------------------------------


@pytest.fixture
def case(stay, kari, today):
    children_services.child_add(actor=kari, stay=stay, first_name="Sølvi", birth_year=today.year - 9)
    return stay


def in_language(user, lang):
    user.language = lang
    user.save(update_fields=["language"])
    return user


MAIN_PAGES = [
    ("reports:overview", {}),
    ("worklist:queue", {}),
    ("residents:resident-search", {}),
    ("residents:stays-earlier", {}),
    ("children:children-list", {}),
    ("agencies:agency-list", {}),
    ("accounts:language", {}),
]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nn", ["Oppgåver", "Oversikt", "Søk", "Instansar"]),
        ("en", ["Tasks", "Overview", "Search", "Agencies"]),
    ],
)
def test_the_main_pages_are_wholly_in_the_users_language(client_for, kari, case, lang, words):
    client = client_for(in_language(kari, lang))
    pages = [(name, kwargs) for name, kwargs in MAIN_PAGES] + [("residents:stay-detail", {"stay_id": case.pk})]
    for name, kwargs in pages:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{lang}"' in html, name
        assert response["Content-Language"] == lang
        leftover = BOKMAL_ONLY.findall(visible_text(html))
        assert not leftover, f"{name} in {lang} has bokmål words: {leftover[:5]}"
        if lang == "en":
            norwegian = NORWEGIAN.findall(visible_text(html))
            assert not norwegian, f"{name} in English has Norwegian words: {norwegian[:5]}"
    nav = client.get(reverse("reports:overview")).content.decode()
    for word in words:
        assert word in nav


def test_the_resident_page_in_nynorsk_reads_nynorsk(client_for, kari, case):
    html = client_for(in_language(kari, "nn")).get(reverse("residents:stay-detail", kwargs={"stay_id": case.pk}))
    text = visible_text(html.content.decode())
    for words in ("Bustadkartlegging og spor", "Ingen opne oppgåver.", "Barn som bur med bebuaren"):
        assert words in text


def test_the_leaders_pages_translate_too(client_for, lene, case):
    client = client_for(in_language(lene, "en"))
    for name in ("shelter-settings", "reports:dashboard", "audit:review-list"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert not NORWEGIAN.findall(visible_text(response.content.decode())), name
    assert "Shelter settings" in client.get(reverse("shelter-settings")).content.decode()


def test_dates_follow_the_language(client_for, kari, case):
    stay_url = reverse("residents:stay-detail", kwargs={"stay_id": case.pk})
    arrival = case.arrival_date
    english = client_for(in_language(kari, "en")).get(stay_url).content.decode()
    assert f"{arrival.day} {arrival:%B} {arrival.year}" in english
    norwegian = client_for(in_language(kari, "nb")).get(stay_url).content.decode()
    with translation.override("nb"):
        month = translation.gettext(f"{arrival:%B}")  # Django's own month names
    assert f"{arrival.day}. {month.lower()} {arrival.year}" in norwegian


def test_before_login_the_page_is_bokmal_whatever_the_browser_asks(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="nb"' in html and "Brukernavn" in html
    assert response["Content-Language"] == "nb"


def test_an_unknown_stored_language_falls_back_to_bokmal(rf, kari):
    kari.language = "xx"
    request = rf.get("/")
    request.user = kari
    seen = []

    def view(request):
        seen.append(translation.get_language())
        return HttpResponse()

    UserLanguageMiddleware(view)(request)
    assert seen == ["nb"] and request.LANGUAGE_CODE == "nb"


# --- The language page ----------------------------------------------------------------------------


def test_choosing_a_language_saves_it_with_an_audit_row_and_answers_in_it(client_for, kari):
    client = client_for(kari)
    page = client.get(reverse("accounts:language"))
    assert page.status_code == 200 and 'lang="nn"' in page.content.decode()

    response = client.post(reverse("accounts:language"), {"language": "nn"}, follow=True)

    kari.refresh_from_db()
    assert kari.language == "nn"
    assert "Språket er endra." in response.content.decode()
    assert '<html lang="nn"' in response.content.decode()
    row = AuditEvent.objects.get(action="account.language_changed")
    assert row.actor_id == kari.pk and row.fields == "language"


@pytest.mark.parametrize("value", ["xx", "", "nb-NO", "<script>"])
def test_a_language_not_offered_is_refused_next_to_the_field(client_for, kari, value):
    response = client_for(kari).post(reverse("accounts:language"), {"language": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert ("Velg et av språkene i listen." if value else "Velg et språk.") in html
    assert 'id="id_language_error"' in html
    kari.refresh_from_db()
    assert kari.language == "nb"
    assert not AuditEvent.objects.filter(action="account.language_changed").exists()


def test_the_header_links_to_the_language_page_in_every_language(client_for, kari):
    client = client_for(kari)
    url = reverse("accounts:language")
    assert f'href="{url}"' in client.get(reverse("reports:overview")).content.decode()
    in_language(kari, "en")
    assert f'href="{url}"' in client.get(reverse("reports:overview")).content.decode()


# --- Documents to someone else keep their own language -------------------------------------------


def notify(stay, actor, today, municipality):
    values = {
        "agency": "boligkontor",
        "sent_on": today,
        "channel": "brev",
        "request": "Hjelp til å finne en kommunal bolig.",
        "consent_given": True,
        "consent_on": today,
        "municipality": municipality,
        "letter_to": "",
    }
    return housing.notification_record(actor=actor, stay=stay, values=values)


@pytest.mark.parametrize("user_language", ["nb", "nn", "en"])
def test_a_letter_follows_the_municipality_not_the_users_language(stay, kari, today, user_language):
    bokmal = notify(stay, kari, today, "Drammen")
    nynorsk = notify(stay, kari, today, "Volda")
    with translation.override(user_language):
        bokmal_letter = build_letter(bokmal, children_birth_years=[today.year - 7], assessment=None)
        nynorsk_letter = build_letter(nynorsk, children_birth_years=[today.year - 7], assessment=None)
        bokmal_html, nynorsk_html = letter_html(bokmal_letter), letter_html(nynorsk_letter)
    assert bokmal_letter.written_standard == BOKMAL and nynorsk_letter.written_standard == NYNORSK
    assert bokmal_letter.recipient == "Boligkontoret i Drammen kommune"
    assert nynorsk_letter.recipient == "Bustadkontoret i Volda kommune"
    assert 'lang="nb"' in bokmal_html and "Gjelder: behov for bolig" in bokmal_html
    assert "Med vennlig hilsen" in bokmal_html and "1 voksen og 1 barn" in bokmal_html
    assert 'lang="nn"' in nynorsk_html and "Gjeld: behov for bustad" in nynorsk_html
    assert "Dear" not in bokmal_html and "Yours" not in bokmal_html


def test_a_letter_downloaded_by_an_english_user_is_bokmal(client_for, kari, stay, today):
    notification = notify(stay, kari, today, "Drammen")
    response = client_for(in_language(kari, "en")).get(
        reverse("housing:notification-letter", kwargs={"notification_id": notification.pk})
    )
    text = pdf_text(response.content)
    assert "Gjelder: behov for bolig" in text and "Med vennlig hilsen" in text
    assert "Re: need for a home" not in text


def plan_text(client, stay, lang=""):
    url = reverse("reports:resident-plan-pdf", kwargs={"stay_id": stay.pk}) + (f"?lang={lang}" if lang else "")
    response = client.get(url)
    assert response.status_code == 200
    return pdf_text(response.content)


def test_min_boligplan_is_in_the_language_chosen_for_the_resident(client_for, kari, stay):
    client = client_for(in_language(kari, "en"))
    assert "Min boligplan" in plan_text(client, stay)  # an English user's plain link: bokmål
    nynorsk = plan_text(client, stay, "nn")
    assert "Bustadplanen min" in nynorsk and "Kontaktpersonen din" in nynorsk and "Min boligplan" not in nynorsk
    assert "My housing plan" in plan_text(client, stay, "en")
    in_language(kari, "nn")
    assert "Bustadplanen min" in plan_text(client, stay)  # a nynorsk user's plain link: nynorsk


def child_plan_text(client, child, lang=""):
    url = reverse("children:child-plan", kwargs={"child_id": child.pk}) + (f"?lang={lang}" if lang else "")
    response = client.get(url)
    assert response.status_code == 200
    return pdf_text(response.content)


def test_the_childs_plan_is_one_norwegian_throughout(client_for, kari, case):
    child = case.children.get()
    client = client_for(in_language(kari, "en"))
    bokmal = child_plan_text(client, child)
    assert "Før vi flytter" in bokmal and "Before we move" not in bokmal
    nynorsk = child_plan_text(client, child, "nn")
    assert "Før vi flyttar" in nynorsk and "Dei vaksne held på" in nynorsk
    assert "skolen" not in nynorsk  # the school words are nynorsk too ("skulen")
    assert not BOKMAL_ONLY.findall(nynorsk), BOKMAL_ONLY.findall(nynorsk)


def test_the_access_report_is_in_the_residents_language_not_the_leaders(client_for, lene, stay):
    url = reverse("audit:access-report", kwargs={"resident_id": stay.resident.pk})
    client = client_for(in_language(lene, "en"))
    bokmal = pdf_text(client.get(url).content)
    assert "Innsynsrapport: hvem har sett saken din" in bokmal and "Access report" not in bokmal
    nynorsk = pdf_text(client.get(url + "?lang=nn").content)
    assert "Innsynsrapport: kven har sett saka di" in nynorsk
    english = pdf_text(client.get(url + "?lang=en").content)
    assert "Access report: who has seen your case" in english and "Innsynsrapport" not in english


def test_the_national_report_is_bokmal_whoever_downloads_it(client_for, lene, today):
    year = today.year - 1
    client = client_for(in_language(lene, "en"))
    response = client.get(reverse("reports:national-report-pdf") + f"?fra={year}-01-01&til={year}-12-31")
    assert response.status_code == 200, response.status_code
    text = pdf_text(response.content)
    assert "Nasjonal krisesenterstatistikk" in text and "National crisis shelter statistics" not in text


def test_the_operator_may_choose_her_own_language(client_for, db):
    from django.contrib.auth import get_user_model

    operator = get_user_model().objects.create_user(username="drift", password="x" * 16, is_operator=True)
    response = client_for(operator).post(reverse("accounts:language"), {"language": "en"}, follow=True)
    operator.refresh_from_db()
    assert operator.language == "en" and "The language has been changed." in response.content.decode()
    row = AuditEvent.objects.get(action="account.language_changed")
    assert row.actor_id == operator.pk and row.shelter_id is None
