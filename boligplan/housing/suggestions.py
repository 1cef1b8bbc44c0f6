"""Suggested tasks per track, read from data/suggested_tasks.toml (the one declarative table)."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .choices import ResponsibleParty, Track

TABLE_PATH = Path(__file__).parent / "data" / "suggested_tasks.toml"


@dataclass(frozen=True)
class TaskSuggestion:
    key: str
    track: str
    title: str
    party: str
    due_days: int


def parse_suggestions(text: str) -> dict[str, tuple[TaskSuggestion, ...]]:
    """Parse and validate the table; a bad row fails loudly at start-up, not in front of a user."""
    raw = tomllib.loads(text)
    table: dict[str, tuple[TaskSuggestion, ...]] = {}
    seen_keys: set[str] = set()
    for track, rows in raw.items():
        if track not in Track.values:
            raise ValueError(f"unknown track {track!r} in suggested tasks")
        parsed = []
        for row in rows:
            suggestion = TaskSuggestion(
                key=str(row["key"]),
                track=track,
                title=str(row["title"]),
                party=str(row["party"]),
                due_days=int(row["due_days"]),
            )
            if suggestion.party not in ResponsibleParty.values:
                raise ValueError(f"unknown party {suggestion.party!r} in suggestion {suggestion.key}")
            if suggestion.key in seen_keys:
                raise ValueError(f"duplicate suggestion key {suggestion.key}")
            if not 0 <= suggestion.due_days <= 365 or not suggestion.title or len(suggestion.title) > 200:
                raise ValueError(f"bad due_days or title in suggestion {suggestion.key}")
            seen_keys.add(suggestion.key)
            parsed.append(suggestion)
        table[track] = tuple(parsed)
    return table


@cache
def suggestion_table() -> dict[str, tuple[TaskSuggestion, ...]]:
    return parse_suggestions(TABLE_PATH.read_text(encoding="utf-8"))


def suggestions_for(track: str) -> tuple[TaskSuggestion, ...]:
    return suggestion_table().get(track, ())
