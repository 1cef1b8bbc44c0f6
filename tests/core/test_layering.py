"""The apps stand in layers, and a lower app never imports a higher one (ADR 0026).

The import graph is read from the source itself (every `import boligplan.<app>…`, `from
boligplan.<app>… import`, and dotted "boligplan.<app>.…" strings, which import_module could load),
so a new import that climbs a layer fails here. Management commands are entry points like
manage.py — nothing imports them — and may use any app; migrations are history.
"""

import ast
import pathlib
from collections import defaultdict

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "boligplan"

# From the bottom up. An app may import its own layer and every layer below it.
LAYERS = (
    ("core", "audit"),  # pages, access, audit rows, the section registry (core/sections.py)
    ("accounts",),  # logins, the second factor, sessions
    ("agencies",),  # the directory and the municipalities
    ("residents",),  # the resident and the stay, the journal
    ("housing", "children"),  # the stay's housing work and its children
    ("safety", "rental", "aftercare"),  # the pathways (ADR 0009)
    ("statistics",),  # the leader's figures, the statistics role's view, the national report
    ("reports", "worklist"),  # read models across the apps: overview, Hvem gjør hva, the work queue
    ("casepage",),  # the resident's page, put together from the sections
    ("mail", "staff"),  # e-mail to staff (the digest counts from the work queue); staff accounts
    ("bench",),  # the benchmark: synthetic data at the quality.md scales, timings (the load test uses it)
    ("ops",),  # running the service
)

# Imports that still climb, each with the module that does it and why. Removing one when its
# import is gone is part of the change that removes it (the test says so).
KNOWN = {
    ("audit/access.py", "residents"): "the access report (GDPR art. 15) is asked for one resident",
    ("audit/selectors.py", "residents"): "the access report lists the resident's stays",
    ("audit/selectors.py", "children"): "the access report lists the children's records",
    ("residents/results.py", "reports"): "a search shows a current stay with the overview's own row",
}


def _layer_of() -> dict:
    return {app: index for index, apps in enumerate(LAYERS) for app in apps}


def _apps() -> set:
    return {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()}


def _imported_apps(tree: ast.AST, known_apps: set) -> set:
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "boligplan" and parts[1] in known_apps:
                found.add(parts[1])
    return found


def import_graph() -> dict:
    """{(module path under boligplan/, imported app)} for every import of another app."""
    known_apps = _apps()
    edges = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        app = relative.parts[0]
        if app not in known_apps or "migrations" in relative.parts or "management" in relative.parts:
            continue
        for other in _imported_apps(ast.parse(path.read_text(encoding="utf-8")), known_apps) - {app}:
            edges.add((relative.as_posix(), other))
    return edges


def upward_imports() -> set:
    layer = _layer_of()
    return {(module, other) for module, other in import_graph() if layer[other] > layer[module.split("/")[0]]}


def test_every_app_has_a_layer():
    assert _apps() == set(_layer_of()), "place a new app in LAYERS (tests/core/test_layering.py, docs/architecture.md)"


def test_no_app_imports_one_above_it():
    climbing = upward_imports() - set(KNOWN)
    assert not climbing, f"these modules import an app above their own: {sorted(climbing)}"


def test_the_known_exceptions_are_still_needed():
    gone = set(KNOWN) - upward_imports()
    assert not gone, f"no longer imported, remove from KNOWN: {sorted(gone)}"


def test_the_lower_apps_import_no_pathway_nor_the_page():
    """The point of issue #13: residents, housing and children ask nothing of the apps above them."""
    by_app = defaultdict(set)
    for module, other in import_graph():
        by_app[module.split("/")[0]].add(other)
    assert not by_app["residents"] & {"housing", "children", "safety", "rental", "aftercare", "casepage"}
    for app in ("housing", "children"):
        assert not by_app[app] & {"safety", "rental", "aftercare", "reports", "worklist", "casepage"}
    assert not {app for app, others in by_app.items() if "casepage" in others}


def test_the_graph_sees_every_kind_of_import(tmp_path):
    """The reader of the source finds each form of import, so the checks above can fail."""
    source = (
        "import boligplan.safety.models\n"
        "from boligplan.rental import selectors\n"
        "def f():\n    from boligplan.aftercare.views import x\n"
        "PROVIDERS = ('boligplan.reports.responsibilities',)\n"
        "from . import access\n"
    )
    found = _imported_apps(ast.parse(source), {"safety", "rental", "aftercare", "reports", "residents"})
    assert found == {"safety", "rental", "aftercare", "reports"}
