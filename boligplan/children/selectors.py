"""Read models for the children's pages, each built with a fixed number of queries."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q

from boligplan.housing.choices import Direction

from . import access
from .choices import MovePhase
from .models import ChildInformation, ChildWish

# Children who moved out are listed this long, so moves after the stay can still be recorded.
FOLLOW_UP_DAYS = 365


def _asked():
    return Exists(ChildWish.objects.filter(child=OuterRef("pk")))


def _informed_before_move():
    return Exists(ChildInformation.objects.filter(child=OuterRef("pk"), phase=MovePhase.BEFORE))


def with_status(children):
    """Annotate children with what the guide asks staff to have done, and the move counts.

    The counts group the query, and a grouped query drops the model's ordering: it is named again
    so that the children keep the same order (oldest first) on every page load.
    """
    return children.annotate(
        has_been_asked=_asked(),
        informed_before_move=_informed_before_move(),
        move_count=Count("moves", distinct=True),
        school_change_count=Count("moves", filter=Q(moves__school_changed=True), distinct=True),
    ).order_by("birth_year", "created_at")


def children_list(user, *, today: datetime.date) -> dict:
    """Children the caller may see: on current stays, and moved out in the last year (follow-up)."""
    base = with_status(access.children_visible_to(user)).select_related("stay", "stay__resident", "contact_person")
    since = today - datetime.timedelta(days=FOLLOW_UP_DAYS)
    # Names are encrypted at rest, so the database cannot sort by them: sorted here instead.
    current = sorted(base.filter(stay__departure_date__isnull=True), key=lambda c: (c.stay.arrival_date, _name_key(c)))
    moved_out = sorted(base.filter(stay__departure_date__gte=since), key=_name_key)
    moved_out.sort(key=lambda c: c.stay.departure_date, reverse=True)  # stable: names stay in order
    return {"current": current, "moved_out": moved_out}


def _name_key(child) -> str:
    return child.first_name.casefold()


def move_is_near(stay) -> bool:
    """The move is planned or close: the children must be told what will happen before it."""
    return stay.departure_date is None and (
        stay.planned_departure_date is not None or stay.ready_to_move_date is not None
    )


def parents_plan(stay) -> dict:
    """The minimum of the parent's housing plan a children's contact person needs."""
    assessment = getattr(stay, "assessment", None)
    direction = assessment.get_direction_display() if assessment else Direction.UNDECIDED.label
    return {
        "arrival_date": stay.arrival_date,
        "ready_to_move_date": stay.ready_to_move_date,
        "planned_departure_date": stay.planned_departure_date,
        "departure_date": stay.departure_date,
        "direction": direction,
        "destination": stay.get_destination_display() if stay.destination else "",
        "permanence": stay.get_permanence_display() if stay.permanence else "",
    }


def child_page_context(user, child, *, today: datetime.date) -> dict:
    information = list(access.information_for(child))
    moves = list(access.moves_for(child))
    by_phase = {phase: [e for e in information if e.phase == phase] for phase in MovePhase.values}
    wishes = list(access.wishes_for(child))
    return {
        "child": child,
        "stay": child.stay,
        "age": today.year - child.birth_year,
        "wishes": wishes,
        "information_by_phase": [(MovePhase(phase).label, by_phase[phase]) for phase in MovePhase.values],
        "moves": moves,
        "move_count": len(moves),
        "school_change_count": sum(1 for move in moves if move.school_changed),
        "not_asked": not wishes,
        "missing_before_information": move_is_near(child.stay) and not by_phase[MovePhase.BEFORE],
        "parents_plan": parents_plan(child.stay),
    }
