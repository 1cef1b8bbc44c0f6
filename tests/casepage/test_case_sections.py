"""One registry makes the resident's page, the overview's reminders and the open steps (ADR 0026)."""

import datetime
import re

import pytest
from django.template.loader import get_template
from django.urls import reverse

from boligplan.aftercare import selectors as aftercare_selectors
from boligplan.core import sections as registry
from boligplan.core.reminders import Reminder, reminders_for
from boligplan.core.sections import Section, part_from_referer, section_of, sections
from boligplan.core.steps import Step, open_steps_for
from boligplan.housing import selectors as housing_selectors
from boligplan.rental import selectors as rental_selectors
from boligplan.residents.hooks import departure_hooks
from boligplan.residents.models import Stay
from boligplan.safety import selectors as safety_selectors

WORK_ORDER = ["s-kartlegging", "s-oppgaver", "s-sikkerhet", "s-boligsok", "s-barn", "s-flytting", "s-journal"]


def test_the_sections_follow_the_work_and_each_has_its_template():
    assert [section.key for section in sections()] == WORK_ORDER
    assert [section.app for section in sections()] == [
        "housing",
        "housing",
        "safety",
        "rental",
        "children",
        "aftercare",
        "residents",
    ]
    for section in sections():
        get_template(section.template)  # raises if it is missing


def test_the_open_steps_and_reminders_come_from_the_same_registry_in_the_work_order():
    assert [s.open_steps for s in sections() if s.open_steps] == [
        housing_selectors.open_steps,
        safety_selectors.open_steps,
        rental_selectors.open_steps,
        aftercare_selectors.open_steps,
    ]
    assert [s.reminders for s in sections() if s.reminders] == [
        housing_selectors.overview_reminders,
        safety_selectors.overview_reminders,
        rental_selectors.overview_reminders,
        aftercare_selectors.overview_reminders,
    ]


@pytest.mark.parametrize(
    ("kind", "section"),
    [
        ("task", "s-oppgaver"),
        ("notification.answer", "s-oppgaver"),
        ("application.appeal", "s-oppgaver"),
        ("measure.renew", "s-sikkerhet"),
        ("checklist.follow_up", "s-sikkerhet"),
        ("rental.viewing", "s-boligsok"),
        ("child.ask", "s-barn"),
        ("aftercare.contact", "s-flytting"),
        ("assessment", "s-kartlegging"),
        ("something.new", "s-oppgaver"),
    ],
)
def test_a_step_kind_belongs_to_the_section_that_claims_it(kind, section):
    assert section_of(kind) == section


def test_a_section_key_belongs_to_one_app():
    with pytest.raises(ValueError, match="s-sikkerhet"):
        registry.register(Section(key="s-sikkerhet", title="Annet", order=1, app="rental"))


def test_the_departure_asks_children_then_housing():
    assert [name for name, _ in departure_hooks()] == ["children.moves", "housing.temporary_follow_up"]


@pytest.fixture
def trial_section(settings, tmp_path, monkeypatch, today):
    """A section registered by no app: the page, the menu, "Nå", the overview and the work queue
    show it from the registry alone."""
    (tmp_path / "trial").mkdir()
    (tmp_path / "trial" / "_section.html").write_text(
        '<section class="app-section app-part" id="s-proeve"><h2>Prøvedel</h2><p>{{ trial_things }} ting</p></section>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0].get("DIRS", [])]}]
    late = today - datetime.timedelta(days=2)

    def steps(user, stays, *, today):
        return {stay.pk: [Step("krisesenter", "Prøvesteget", "Prøve", due=late, kind="proeve.late")] for stay in stays}

    def reminders(stays, *, today):
        return {stay.pk: [Reminder("proeve.late", "Prøven er forsinket", summary="prøver forsinket")] for stay in stays}

    section = Section(
        key="s-proeve",
        title="Prøve",
        order=65,
        app="trial",
        template="trial/_section.html",
        context=lambda user, stay, *, today, page: {"trial_things": 3},
        count=lambda page: page["trial_things"],
        open_steps=steps,
        reminders=reminders,
        step_kinds=("proeve",),
    )
    monkeypatch.setitem(registry._REGISTRY, section.key, section)
    return section


def test_a_registered_section_is_on_the_page_in_the_menu_and_in_now(trial_section, client_for, kari, stay):
    page = client_for(kari).get(reverse("residents:stay-detail", args=[stay.pk])).content.decode()
    assert "Prøvedel" in page and "3 ting" in page
    # Between "Flytting og etter" and "Journal", as its order says; with its count and a red mark.
    assert page.index('id="s-flytting"') < page.index('id="s-proeve"') < page.index('id="s-journal"')
    menu = page[page.index("app-section-menu") : page.index("</nav>", page.index("app-section-menu"))]
    assert re.search(r'href="#s-proeve">Prøve <span class="app-count">3</span> <span class="app-status', menu)
    now = page[page.index('id="h-now"') : page.index("</section>", page.index('id="h-now"'))]
    assert '<a class="ds-link" href="#s-proeve">Prøvesteget</a>' in now


def test_a_registered_section_gives_the_overview_and_the_queue_their_rows(trial_section, client_for, kari, stay, today):
    assert [step.title for step in open_steps_for(kari, stay, today=today)][-1] == "Prøvesteget"
    current = Stay.objects.filter(pk=stay.pk)
    assert [r.text for r in reminders_for(current, today=today)[stay.pk]][-1] == "Prøven er forsinket"
    client = client_for(kari)
    assert "Prøven er forsinket" in client.get(reverse("reports:overview")).content.decode()
    assert "Prøvesteget" in client.get(reverse("worklist:queue")).content.decode()


def test_coming_back_from_an_apps_page_opens_what_its_section_says():
    measure_page = reverse("safety:measure-create", args=["00000000-0000-0000-0000-000000000001"])
    assert part_from_referer(measure_page) == "s-sikkerhet"
    assert part_from_referer(reverse("housing:task-create", args=["00000000-0000-0000-0000-000000000001"])) == "tasks"
    assert part_from_referer(reverse("housing:assessment-edit", args=["00000000-0000-0000-0000-000000000001"])) == ""
