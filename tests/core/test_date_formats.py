"""Dates in templates are printed by named formats (config/formats/<language>/formats.py).

The names print exactly what the letters they replaced printed in bokmål, every language module
defines every name (a missing one would be printed as if it were a format), and no template writes
the letters of a Norwegian date format again.
"""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

# The letters each name replaced in the templates, and what they print.
REPLACED = {
    "DATE_FORMAT": "j. F Y",
    "DATETIME_FORMAT": "j. F Y H:i",
    "MONTH_DAY_FORMAT": "j. F",
    "SHORT_MONTH_DATE_FORMAT": "j. b. Y",
    "SHORT_MONTH_DAY_FORMAT": "j. b.",
    "SHORT_MONTH_DATETIME_FORMAT": "j. b. Y H:i",
    "SHORT_MONTH_DAY_TIME_FORMAT": "j. b. H:i",
    "NUMERIC_DATE_FORMAT": "j.n.Y",
}
MOMENT = datetime.datetime(2026, 12, 2, 14, 5, tzinfo=datetime.UTC)  # 15:05 in Oslo
TEMPLATES = Path(__file__).resolve().parents[2] / "boligplan"
# The English plan for the resident writes its own English order.
ENGLISH_TEMPLATES = {"resident_plan_pdf_en.html"}


def _render(fmt: str, value) -> str:
    return Template("{{ value|date:fmt }}").render(Context({"value": value, "fmt": fmt}))


@pytest.mark.parametrize(("name", "letters"), REPLACED.items())
def test_each_name_prints_what_its_letters_printed(name, letters):
    with translation.override("nb"):
        assert _render(name, MOMENT) == _render(letters, MOMENT)


def test_the_names_print_norwegian_dates():
    with translation.override("nb"):
        assert _render("DATE_FORMAT", MOMENT) == "2. desember 2026"
        assert _render("SHORT_MONTH_DAY_TIME_FORMAT", MOMENT) == "2. des. 15:05"
        assert _render("NUMERIC_DATE_FORMAT", MOMENT.date()) == "2.12.2026"


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_every_language_defines_every_name(language):
    module = importlib.import_module(f"config.formats.{language}.formats")
    assert {name for name in REPLACED if getattr(module, name, None)} == set(REPLACED)


def test_no_template_writes_a_date_format_in_letters():
    letters = []
    for path in TEMPLATES.rglob("*.html"):
        if path.name in ENGLISH_TEMPLATES or "static" in path.parts:
            continue
        for match in re.finditer(r'\|date:"([^"]*)"', path.read_text(encoding="utf-8")):
            if match.group(1) not in REPLACED:
                letters.append(f"{path.relative_to(TEMPLATES)}: {match.group(1)}")
    assert letters == []


def test_no_python_module_writes_a_date_format_in_letters():
    letters = []
    for path in TEMPLATES.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in re.finditer(r'date_format\([^\n]*?,\s*"([^"]*)"\)', path.read_text(encoding="utf-8")):
            if match.group(1) not in REPLACED:
                letters.append(f"{path.relative_to(TEMPLATES)}: {match.group(1)}")
    assert letters == []
