"""The new-home safety checklist, read from data/new_home_checklist.toml (the one table)."""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLE_PATH = Path(__file__).parent / "data" / "new_home_checklist.toml"
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_FIELDS = {"key", "title", "question", "help"}
_LIMITS = {"title": 80, "question": 200, "help": 300}


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    question: str
    help: str = ""


def parse_checklist(text: str) -> tuple[ChecklistItem, ...]:
    """Parse and validate the table; a bad item fails loudly at start-up, not in front of a user."""
    raw = tomllib.loads(text)
    if set(raw) != {"item"} or not isinstance(raw["item"], list) or not raw["item"]:
        raise ValueError("the checklist must be a non-empty list of [[item]] tables and nothing else")
    items: list[ChecklistItem] = []
    seen: set[str] = set()
    for row in raw["item"]:
        if not isinstance(row, dict) or not {"key", "title", "question"} <= set(row) or set(row) - _FIELDS:
            raise ValueError(f"checklist item needs key, title and question (and may have help): {row!r}")
        if not all(isinstance(value, str) for value in row.values()):
            raise ValueError(f"checklist item values must be text: {row!r}")
        key = row["key"]
        if not _KEY.match(key):
            raise ValueError(f"bad checklist key {key!r}")
        if key in seen:
            raise ValueError(f"duplicate checklist key {key}")
        for name, limit in _LIMITS.items():
            value = row.get(name, "")
            if len(value) > limit or (name != "help" and not value.strip()):
                raise ValueError(f"checklist item {key}: {name} is empty or longer than {limit} characters")
        seen.add(key)
        items.append(ChecklistItem(key=key, title=row["title"], question=row["question"], help=row.get("help", "")))
    return tuple(items)


@cache
def checklist_items() -> tuple[ChecklistItem, ...]:
    return parse_checklist(TABLE_PATH.read_text(encoding="utf-8"))


def item_keys() -> frozenset[str]:
    return frozenset(item.key for item in checklist_items())
