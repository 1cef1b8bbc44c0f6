"""Every PDF the app makes is tagged (PDF/UA-1), so a screen reader can read it in order."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from boligplan.children import services as children_services
from boligplan.children.pdf import child_plan_pdf
from boligplan.core.pdf import render_pdf
from boligplan.statistics import exports
from boligplan.statistics.queries.scope import Scope
from tests.housing.test_letters import notify
from tests.pdf import is_tagged, pdf_text
from tests.statistics.history import TODAY, YEAR

SIMPLE = (
    '<!doctype html><html lang="nb"><head><title>Prøve</title></head><body><h1>Prøve</h1><p>Tekst.</p></body></html>'
)


def test_the_shared_render_path_writes_a_tagged_pdf():
    pdf = render_pdf(SIMPLE)
    assert is_tagged(pdf)
    assert "Prøve" in pdf_text(pdf)


def test_an_untagged_pdf_is_told_apart():
    """The check above can fail: WeasyPrint's default output has no structure tree."""
    from weasyprint import HTML

    assert not is_tagged(HTML(string=SIMPLE).write_pdf())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed")
def test_pdfinfo_calls_it_tagged():
    result = subprocess.run(["pdfinfo", "-"], input=render_pdf(SIMPLE), capture_output=True, check=True)  # noqa: S603, S607
    assert re.search(r"^Tagged:\s+yes$", result.stdout.decode(), re.MULTILINE)


@pytest.mark.django_db
def test_the_letter_is_tagged(client_for, kari, stay, today):
    notification = notify(stay, kari, today)
    response = client_for(kari).get(reverse("housing:notification-letter", kwargs={"notification_id": notification.pk}))
    assert response.status_code == 200
    assert is_tagged(response.content)


@pytest.mark.django_db
def test_the_childs_plan_is_tagged(kari, stay, today):
    child = children_services.child_add(actor=kari, stay=stay, first_name="Emma", birth_year=today.year - 9)
    assert is_tagged(child_plan_pdf(child, today=today))


@pytest.mark.django_db
def test_the_national_report_is_tagged(shelter):
    report = exports.national_report(Scope(period=YEAR, today=TODAY, shelter_id=shelter.pk))
    assert is_tagged(exports.national_report_pdf(report, shelter_name=shelter.name))
