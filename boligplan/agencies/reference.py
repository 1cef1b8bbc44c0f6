"""Loading the shipped reference data (data/*.csv) into the database.

Used by the data migration and by `manage.py load_municipalities`; both may run any number of
times. The loader refuses files that break the invariants below instead of loading half of them.
Models are passed in so the migration can use its historical models.
"""

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# The 2024 structure (domain.md §4). Change these, and the files, together.
EXPECTED_MUNICIPALITIES = 357
EXPECTED_CURRENT_COUNTIES = 15

_NUMBER = re.compile(r"^\d{4}$")
_COUNTY = re.compile(r"^\d{2}$")


class ReferenceDataError(ValueError):
    pass


@dataclass(frozen=True)
class LoadReport:
    counties: int
    municipalities: int
    history: int
    national_agencies: int
    created: int
    updated: int
    removed: int


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(fh)]


def read_counties() -> list[dict]:
    rows = [
        {
            "number": r["number"],
            "name": r["name"],
            "valid_from": _date(r["valid_from"]),
            "valid_to": _date(r["valid_to"]),
        }
        for r in _rows("counties.csv")
    ]
    for row in rows:
        if not _COUNTY.match(row["number"]) or not row["name"]:
            raise ReferenceDataError(f"counties.csv: bad row {row}")
    current = [r for r in rows if r["valid_to"] is None]
    if len(current) != EXPECTED_CURRENT_COUNTIES or len({r["number"] for r in rows}) != len(rows):
        raise ReferenceDataError(f"counties.csv: {len(current)} current counties, expected {EXPECTED_CURRENT_COUNTIES}")
    return rows


def read_municipalities(counties: list[dict]) -> list[dict]:
    current_counties = {c["number"] for c in counties if c["valid_to"] is None}
    rows = [
        {
            "number": r["number"],
            "name": r["name"],
            "county": r["county"],
            "valid_from": _date(r["valid_from"]),
            "valid_to": _date(r["valid_to"]),
            "other_names": r["other_names"],
        }
        for r in _rows("municipalities.csv")
    ]
    for row in rows:
        if not _NUMBER.match(row["number"]) or not row["name"] or row["valid_to"] is not None:
            raise ReferenceDataError(f"municipalities.csv: bad row {row}")
        if row["county"] not in current_counties or row["number"][:2] != row["county"]:
            raise ReferenceDataError(f"municipalities.csv: {row['number']} does not belong to county {row['county']}")
    if len(rows) != EXPECTED_MUNICIPALITIES or len({r["number"] for r in rows}) != len(rows):
        raise ReferenceDataError(f"municipalities.csv: {len(rows)} municipalities, expected {EXPECTED_MUNICIPALITIES}")
    return rows


def read_history(municipalities: list[dict]) -> list[dict]:
    current = {m["number"] for m in municipalities}
    rows = [
        {
            "old_number": r["old_number"],
            "old_name": r["old_name"],
            "valid_from": _date(r["valid_from"]),
            "valid_to": _date(r["valid_to"]),
            "current_number": r["current_number"],
            "main_successor": r["main_successor"] == "1",
        }
        for r in _rows("number_history.csv")
    ]
    mains: dict[tuple, int] = {}
    for row in rows:
        if not _NUMBER.match(row["old_number"]) or row["valid_to"] is None or row["current_number"] not in current:
            raise ReferenceDataError(f"number_history.csv: bad row {row}")
        if row["old_number"] in current:
            raise ReferenceDataError(f"number_history.csv: {row['old_number']} is also a number in use today")
        key = (row["old_number"], row["valid_to"])
        mains[key] = mains.get(key, 0) + row["main_successor"]
    if any(count != 1 for count in mains.values()):
        raise ReferenceDataError("number_history.csv: every old number needs exactly one main successor")
    return rows


def read_national_agencies() -> list[dict]:
    rows = _rows("national_agencies.csv")
    for row in rows:
        row.pop("source", None)
        if not row["key"] or not row["name"]:
            raise ReferenceDataError(f"national_agencies.csv: bad row {row}")
    return rows


def _assign_changes(obj, values: dict) -> bool:
    """Put `values` on obj when any of them differs from what it holds; True when it did (the
    caller saves it). An unchanged row is left alone, so it is neither saved nor counted."""
    if not any(getattr(obj, k) != v for k, v in values.items()):
        return False
    for k, v in values.items():
        setattr(obj, k, v)
    return True


def load(*, County, Municipality, MunicipalityNumberHistory, Agency) -> LoadReport:
    """Make the tables match the files. Call inside a transaction."""
    counties = read_counties()
    municipalities = read_municipalities(counties)
    history = read_history(municipalities)
    national = read_national_agencies()
    created = updated = removed = 0

    by_number = {c.number: c for c in County.objects.all()}
    for row in counties:
        obj = by_number.get(row["number"])
        if obj is None:
            by_number[row["number"]] = County.objects.create(**row)
            created += 1
        elif _assign_changes(obj, row):
            obj.save()
            updated += 1

    existing = {m.number: m for m in Municipality.objects.filter(valid_to__isnull=True)}
    new, changed = [], []
    for row in municipalities:
        values = {**row, "county": by_number[row["county"]]}
        obj = existing.get(row["number"])
        if obj is None:
            new.append(Municipality(**values))
        elif _assign_changes(obj, values):
            changed.append(obj)
    Municipality.objects.bulk_create(new)
    Municipality.objects.bulk_update(changed, ["name", "county", "valid_from", "valid_to", "other_names"])
    created += len(new)
    updated += len(changed)
    stale = set(existing) - {row["number"] for row in municipalities}
    if stale:
        # Agencies and partner lists may point at them; ending them is for a person to decide.
        raise ReferenceDataError(f"municipalities in the database but not in the file: {sorted(stale)}")

    muni_by_number = {m.number: m for m in Municipality.objects.filter(valid_to__isnull=True)}
    wanted = {(r["old_number"], r["valid_to"], r["current_number"]): r for r in history}
    have = {
        (h.old_number, h.valid_to, h.municipality.number): h
        for h in MunicipalityNumberHistory.objects.select_related("municipality")
    }
    gone = [h.pk for key, h in have.items() if key not in wanted]
    MunicipalityNumberHistory.objects.filter(pk__in=gone).delete()
    removed += len(gone)
    new_hist, changed_hist = [], []
    for key, row in wanted.items():
        values = {
            "old_name": row["old_name"],
            "valid_from": row["valid_from"],
            "main_successor": row["main_successor"],
        }
        obj = have.get(key)
        if obj is None:
            new_hist.append(
                MunicipalityNumberHistory(
                    old_number=row["old_number"],
                    valid_to=row["valid_to"],
                    municipality=muni_by_number[row["current_number"]],
                    **values,
                )
            )
        elif _assign_changes(obj, values):
            changed_hist.append(obj)
    MunicipalityNumberHistory.objects.bulk_create(new_hist)
    MunicipalityNumberHistory.objects.bulk_update(changed_hist, ["old_name", "valid_from", "main_successor"])
    created += len(new_hist)
    updated += len(changed_hist)

    for row in national:
        key = row.pop("key")
        obj, was_created = Agency.objects.get_or_create(national_key=key, defaults={**row, "shelter": None})
        if was_created:
            created += 1
        elif _assign_changes(obj, row):
            obj.save()
            updated += 1

    return LoadReport(
        counties=len(counties),
        municipalities=len(municipalities),
        history=len(history),
        national_agencies=len(national),
        created=created,
        updated=updated,
        removed=removed,
    )


def load_current_models() -> LoadReport:
    from .models import Agency, County, Municipality, MunicipalityNumberHistory

    return load(
        County=County, Municipality=Municipality, MunicipalityNumberHistory=MunicipalityNumberHistory, Agency=Agency
    )


def ensure_loaded() -> None:
    """Load the reference data if a test run (or a flushed database) has lost it."""
    from .models import Municipality, MunicipalityNumberHistory

    if (
        Municipality.objects.filter(valid_to__isnull=True).count() != EXPECTED_MUNICIPALITIES
        or not MunicipalityNumberHistory.objects.exists()
    ):
        load_current_models()
