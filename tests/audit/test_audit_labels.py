"""Every audit action the code writes has words a resident can read in the access report."""

import pathlib
import re

from boligplan.audit.labels import ACTION_LABELS, action_label

ROOT = pathlib.Path(__file__).resolve().parents[2] / "boligplan"
# Files that write audit rows: services, views (page reads) and the few helpers that audit.
AUDITING = {
    "views.py",
    "services.py",
    "addresses.py",
    "pages.py",
    "statistics_views.py",
    "twofactor.py",
    "purge.py",
    "municipal.py",
}
DOTTED = re.compile(r'"([a-z_]+\.[a-z_]+)"')
NOT_ACTIONS = re.compile(r"\.(html|pdf|csv|ics)$")


def actions_in_code() -> set[str]:
    found = set()
    for path in ROOT.rglob("*.py"):
        if path.name in AUDITING and "migrations" not in path.parts:
            found |= {name for name in DOTTED.findall(path.read_text()) if not NOT_ACTIONS.search(name)}
    return found


def test_the_scan_finds_the_actions_of_every_app():
    found = actions_in_code()
    for expected in ["stay.viewed", "measure.recorded", "viewing.calendar_downloaded", "followups.listed"]:
        assert expected in found


def test_every_action_written_has_a_label():
    # Exports are labelled by their prefix ("Eksport av data (…)").
    missing = {a for a in actions_in_code() if a not in ACTION_LABELS and not a.startswith("export.")}
    assert not missing, sorted(missing)
    assert action_label("measure.viewed") == "Åpnet et sikkerhetstiltak"
