"""Implausible input is refused on every form (core/forms.guard_field), next to the field.

Dates before 1900 or more than ten years ahead, numbers and dates written with other digits
than 0–9 (full-width "１９８５" reads as 1985 in Python), and line breaks in one-line fields.
Every page with a form is swept field by field: each hostile value gives 400, the message next
to the field, the value kept, and nothing saved.
"""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils.html import escape

from boligplan.core.forms import EARLIEST_DATE, LATEST_YEARS_AHEAD, latest_plausible_date
from boligplan.residents import services as resident_services
from tests.helpers import ID_VIEWS, as_posted, build_case, data_snapshot

TOO_EARLY = f"Datoen kan ikke være før {EARLIEST_DATE.year}. Sjekk årstallet."
TOO_LATE = f"Datoen kan ikke være mer enn {LATEST_YEARS_AHEAD} år fram i tid. Sjekk årstallet."
DIGITS = "Skriv tallet med vanlige sifre (0–9)."
ONE_LINE = "Feltet kan bare ha én linje, uten linjeskift."

FULL_WIDTH_1985 = "１９８５"


@pytest.fixture
def case(stay, kari, berit, today):
    return build_case(stay, kari, today, child_contact=berit)


def _hostile_values(field: forms.Field) -> list[tuple[str, str]]:
    """(value, expected message) for one visible field, by what kind of input it is."""
    if field.widget.is_hidden:
        return []
    if isinstance(field, forms.DateField):
        return [("0001-01-01", TOO_EARLY), ("9999-12-31", TOO_LATE), ("２０２６-01-01", DIGITS)]
    if isinstance(field, forms.TimeField):
        return [("１７:００", DIGITS)]
    if isinstance(field, forms.IntegerField | forms.DecimalField):
        return [(FULL_WIDTH_1985, DIGITS)]
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
        return [("Første linje\r\nAndre linje", ONE_LINE), ("Før\nEtter", ONE_LINE), ("A\u2028B", ONE_LINE)]
    return []


def _sweep(client, url, *, form_key="form"):
    """Post each hostile value into each field of the form at `url`; returns how many were tried."""
    page = client.get(url)
    assert page.status_code == 200, url
    form = page.context[form_key]
    base = as_posted(form)
    tried = 0
    for name, field in form.fields.items():
        for value, message in _hostile_values(field):
            before = data_snapshot()
            response = client.post(url, base | {form[name].html_name: value})
            assert response.status_code == 400, (url, name, value)
            errors = response.context[form_key].errors.get(name, [])
            assert message in errors, (url, name, value, errors)
            html = response.content.decode()
            assert escape(message) in html
            assert escape(value) in html or value in response.context[form_key][name].value(), (url, name)
            assert data_snapshot() == before, (url, name, value)
            tried += 1
    return tried


# The reveal page has a form only for a masked address, and holds a reason and a password.
FORM_VIEWS = [
    view
    for view in ID_VIEWS
    if {"GET", "POST"} <= view.methods and not (view.pdf or view.ics) and view.name != "residents:stay-address-reveal"
]


@pytest.mark.parametrize("view", FORM_VIEWS, ids=str)
def test_every_case_form_refuses_implausible_input(client_for, lene, case, today, view):
    client = client_for(lene)  # the leader may edit every part of a case
    if view.name == "residents:stay-open":  # a new stay needs the last one ended
        resident_services.stay_depart(
            actor=lene, stay=case.stay, departure_date=today, destination="familie_venner", permanence="midlertidig"
        )
    if _sweep(client, view.url(case)) == 0:
        pytest.skip("the form has no date, number or one-line text field")


def test_the_sweep_reaches_the_fields_the_issue_named(client_for, kari, lene, case):
    """Arrival in year 1, due dates in 9999, a full-width birth year, CR/LF in a one-line field."""
    client = client_for(kari)
    register = reverse("residents:resident-register")
    assert _sweep(client, register) >= 6  # name, birth year and arrival date at least
    base = {"display_name": "Rita", "birth_year": "1980", "arrival_date": "2026-11-30", "contact_person": kari.pk}
    for field, value, message in [
        ("arrival_date", "0001-01-01", TOO_EARLY),
        ("birth_year", FULL_WIDTH_1985, DIGITS),
        ("display_name", "Rita\r\nRegistrert", ONE_LINE),
    ]:
        response = client.post(register, base | {field: value})
        assert response.status_code == 400
        assert f'id="id_{field}_error">{escape(message)}</p>' in response.content.decode()
    task = reverse("housing:task-create", kwargs={"stay_id": case.stay.pk})
    response = client.post(task, {"title": "Ring NAV", "responsible_party": "nav", "due_date": "9999-12-31"})
    assert response.status_code == 400 and TOO_LATE in response.context["form"].errors["due_date"]
    child = reverse("children:child-add", kwargs={"stay_id": case.stay.pk})
    response = client.post(child, {"first_name": "Mia", "birth_year": "２０１８"})
    assert response.status_code == 400 and DIGITS in response.context["form"].errors["birth_year"]


def test_other_forms_refuse_it_too(client_for, lene, case):
    client = client_for(lene)
    assert _sweep(client, reverse("shelter-settings")) >= 1
    assert _sweep(client, reverse("agencies:agency-create")) >= 1
    ad = reverse("rental:contact-add", kwargs={"ad_id": case.extra["ad"].pk})
    response = client.post(ad, {"kind": "e_post", "contacted_on": "0001-01-01", "outcome": "Sendt"})
    assert response.status_code == 400


def test_the_limits_themselves_are_allowed(client_for, kari, case, today):
    client = client_for(kari)
    url = reverse("housing:task-create", kwargs={"stay_id": case.stay.pk})
    data = {"title": "Klage innen fristen", "responsible_party": "nav"}
    last = latest_plausible_date()
    assert client.post(url, data | {"due_date": last.isoformat()}).status_code == 302
    late = client.post(url, data | {"due_date": (last + datetime.timedelta(days=1)).isoformat()})
    assert late.status_code == 400 and TOO_LATE in late.context["form"].errors["due_date"]
    move = reverse("children:child-move-add", kwargs={"child_id": case.child.pk})
    assert client.post(move, {"kind": "for_krisesenter", "moved_on": EARLIEST_DATE.isoformat()}).status_code == 302
    early = client.post(move, {"kind": "for_krisesenter", "moved_on": "1899-12-31"})
    assert early.status_code == 400 and TOO_EARLY in early.context["form"].errors["moved_on"]


def test_line_breaks_stay_allowed_where_the_field_has_several_lines(client_for, kari, case):
    client = client_for(kari)
    url = reverse("residents:note-add", kwargs={"stay_id": case.stay.pk})
    assert client.post(url, {"text": "Første linje\r\nAndre linje"}).status_code == 302
    assessment = reverse("housing:assessment-edit", kwargs={"stay_id": case.stay.pk})
    page = client.get(assessment)
    data = as_posted(page.context["form"]) | {"resident_wishes": "Nær skolen\r\nNær jobben"}
    assert client.post(assessment, data).status_code == 302
