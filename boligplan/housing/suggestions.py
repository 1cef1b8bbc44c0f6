"""Suggested tasks per track, read from data/suggested_tasks.toml (the one declarative table)."""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .choices import ResponsibleParty, Track

TABLE_PATH = Path(__file__).parent / "data" / "suggested_tasks.toml"

# Events that bring tasks of their own, besides the tracks.
HONOUR_RELATED = "aeresrelatert"
HUMAN_TRAFFICKING = "menneskehandel"
TEMPORARY_DEPARTURE = "midlertidig_utflytting"
EVENTS = (HONOUR_RELATED, HUMAN_TRAFFICKING, TEMPORARY_DEPARTURE)
# The assessment's flags, and the event each one stands for.
FLAG_EVENTS = {"honour_related": HONOUR_RELATED, "human_trafficking": HUMAN_TRAFFICKING}
SUGGESTED_TRACKS_KEY = "foreslatte_spor"


@dataclass(frozen=True)
class TaskSuggestion:
    key: str
    track: str
    title: str
    party: str
    due_days: int
    source: str = ""


def parse_suggestions(text: str) -> dict[str, tuple[TaskSuggestion, ...]]:
    """Parse and validate the table; a bad row fails loudly at start-up, not in front of a user."""
    raw = tomllib.loads(text)
    raw.pop(SUGGESTED_TRACKS_KEY, None)
    table: dict[str, tuple[TaskSuggestion, ...]] = {}
    seen: dict[str, TaskSuggestion] = {}
    for track, rows in raw.items():
        if track not in Track.values and track not in EVENTS:
            raise ValueError(f"unknown track {track!r} in suggested tasks")
        parsed = []
        for row in rows:
            suggestion = TaskSuggestion(
                key=str(row["key"]),
                track=track,
                title=str(row["title"]),
                party=str(row["party"]),
                due_days=int(row["due_days"]),
                source=str(row.get("source", "")),
            )
            if suggestion.party not in ResponsibleParty.values:
                raise ValueError(f"unknown party {suggestion.party!r} in suggestion {suggestion.key}")
            earlier = seen.get(suggestion.key)
            if earlier is not None and _without_track(earlier) != _without_track(suggestion):
                raise ValueError(f"duplicate suggestion key {suggestion.key}")
            if not 0 <= suggestion.due_days <= 365 or not suggestion.title or len(suggestion.title) > 200:
                raise ValueError(f"bad due_days or title in suggestion {suggestion.key}")
            seen[suggestion.key] = suggestion
            parsed.append(suggestion)
        table[track] = tuple(parsed)
    return table


def _without_track(suggestion: TaskSuggestion) -> tuple:
    return (suggestion.key, suggestion.title, suggestion.party, suggestion.due_days)


def parse_suggested_tracks(text: str) -> dict[str, tuple[str, ...]]:
    """{event: tracks} from [foreslatte_spor]: which tracks a flag on the assessment suggests."""
    raw = tomllib.loads(text).get(SUGGESTED_TRACKS_KEY, {})
    for event, tracks in raw.items():
        if event not in (HONOUR_RELATED, HUMAN_TRAFFICKING) or any(t not in Track.values for t in tracks):
            raise ValueError(f"bad suggested tracks for {event!r}")
    return {event: tuple(tracks) for event, tracks in raw.items()}


@cache
def suggested_tracks() -> dict[str, tuple[str, ...]]:
    return parse_suggested_tracks(TABLE_PATH.read_text(encoding="utf-8"))


def tracks_suggested_by(assessment) -> list[str]:
    """The tracks the assessment's flags suggest (honour-related → bo- og støttetilbud, trafficking → ROSA)."""
    if assessment is None:
        return []
    table = suggested_tracks()
    found: list[str] = []
    for flag, event in FLAG_EVENTS.items():
        if getattr(assessment, flag, False):
            found.extend(t for t in table.get(event, ()) if t not in found)
    return found


@cache
def suggestion_table() -> dict[str, tuple[TaskSuggestion, ...]]:
    return parse_suggestions(TABLE_PATH.read_text(encoding="utf-8"))


def suggestions_for(track: str) -> tuple[TaskSuggestion, ...]:
    return suggestion_table().get(track, ())
