"""The translation catalogues: boligplan/locale/<lang>/LC_MESSAGES/django.po, compiled to .mo.

The .po files are the source (in git); the .mo files are built from them by `make install`
(and by the tests' conftest when one is missing or older than its .po), in pure Python with
polib, so no gettext tools are needed on the machine. Run by hand: `python -m boligplan.core.catalogues`.
"""

import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogue_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


def is_stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_catalogue(po: Path) -> Path:
    """Writes the .mo next to `po`. Fuzzy and untranslated entries are left out, as msgfmt does."""
    import polib  # type: ignore[import-untyped]

    mo = po.with_suffix(".mo")
    catalogue = polib.pofile(str(po))
    tmp = mo.with_suffix(".mo.tmp")
    catalogue.save_as_mofile(str(tmp))
    tmp.replace(mo)  # atomic: a server reading the old file never sees half a new one
    return mo


def compile_all(*, only_stale: bool = False) -> list[Path]:
    return [compile_catalogue(po) for po in catalogue_files() if not only_stale or is_stale(po)]


if __name__ == "__main__":
    done = compile_all(only_stale="--stale" in sys.argv[1:])
    for mo in done:
        print(f"compiled {mo.relative_to(LOCALE_DIR.parent.parent)}")
