"""Small shared helpers for the server-side tests: a stay with some housing work on it, the list
of views that take an object id, and checks for HTML answers."""

import datetime
import html
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.children import services as children_services
from boligplan.children.models import Child, ChildInformation, ChildMove, ChildWish
from boligplan.core.models import Shelter
from boligplan.housing import services as housing_services
from boligplan.housing.models import HousingAssessment, Notification, StayTrack, Task
from boligplan.residents.models import JournalNote, Resident, Stay

from .id_views import GET_ONLY, GET_POST, POST_ONLY, IdView
from .parts import PARTS


@dataclass
class Case:
    """A stay with one of each thing a view can be asked about."""

    stay: Stay
    resident: Resident
    task: Task
    notification: Notification
    assessment: HousingAssessment
    child: Child
    application: object = None
    # The objects of the pathway apps (tests/parts/), by name: c.extra["measure"], c.extra["ad"], …
    extra: dict = field(default_factory=dict)


CHILD_NAME = "Tiril"


def build_case(stay: Stay, actor, today: datetime.date, *, child_contact=None) -> Case:
    assessment = housing_services.assessment_save(
        actor=actor, stay=stay, values={"new_home_needed": "ja"}, complete=False, today=today
    )
    task = housing_services.task_create(
        actor=actor,
        stay=stay,
        title="Ring boligkontoret",
        responsible_party="krisesenter",
        assignee=actor,
        due_date=today + datetime.timedelta(days=3),
    )
    notification = housing_services.notification_record(
        actor=actor,
        stay=stay,
        values={"agency": "nav", "sent_on": today, "channel": "telefon", "request": "Ba om møte"},
    )
    child = children_services.child_add(
        actor=actor,
        stay=stay,
        first_name=CHILD_NAME,
        birth_year=today.year - 8,
        contact_person=child_contact,
        school="Fjordby skole",
    )
    application = housing_services.application_record(
        actor=actor,
        stay=stay,
        values={"kind": "kommunal_bolig", "agency": "Tildelingskontoret", "sent_on": today, "status": "sendt"},
    )
    # A chosen track, so the page that asks before ending it has something to ask about.
    StayTrack.objects.create(shelter_id=stay.shelter_id, stay=stay, track="kommunal_bolig", chosen_on=today)
    extra: dict = {}
    for part in PARTS:
        extra.update(part.build(stay, actor, today))
    return Case(
        stay=stay,
        resident=stay.resident,
        task=task,
        notification=notification,
        assessment=assessment,
        child=child,
        application=application,
        extra=extra,
    )


def ghost_case() -> SimpleNamespace:
    """Stands in for a Case whose every object id exists nowhere."""

    def ghost():
        return SimpleNamespace(pk=uuid.uuid4())

    return SimpleNamespace(
        stay=ghost(),
        resident=ghost(),
        task=ghost(),
        notification=ghost(),
        assessment=ghost(),
        child=ghost(),
        application=ghost(),
        extra=defaultdict(ghost),
    )


# Every view that takes an object id. test_access_matrix checks that no URL pattern with a
# uuid is missing here, so a new view must be added (and is then covered by the matrix).
ID_VIEWS = [
    IdView("residents:stay-detail", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False),
    IdView("residents:stay-open", lambda c: {"resident_id": c.resident.pk}, GET_POST, writes=True),
    IdView(
        "residents:note-add",
        lambda c: {"stay_id": c.stay.pk},
        POST_ONLY,
        writes=True,
        valid_post=lambda c, today: {"text": "Et notat"},
        # Back at the journal on the resident's page, where the note was written.
        redirect=lambda c: reverse("residents:stay-detail", kwargs={"stay_id": c.stay.pk}) + "#s-journal",
    ),
    IdView("residents:stay-notes", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False),
    IdView("residents:stay-done-tasks", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False),
    IdView("residents:stay-contact-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("residents:stay-ready-to-move", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("residents:stay-depart", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView(
        "residents:stay-address-edit",
        lambda c: {"stay_id": c.stay.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"address": "Testveien 1, 0001 Oslo"},
    ),
    IdView(
        "residents:stay-address-reveal",
        lambda c: {"stay_id": c.stay.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"reason": "brev", "password": "test-passord-som-er-langt"},
    ),
    IdView(
        "residents:resident-protection-edit",
        lambda c: {"stay_id": c.stay.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"grading": "FORTROLIG"},
    ),
    IdView("housing:assessment-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:tracks-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView(
        "housing:track-remove",
        lambda c: {"stay_id": c.stay.pk, "track": "kommunal_bolig"},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"ended_on": today.isoformat()},
    ),
    IdView("housing:task-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:task-edit", lambda c: {"task_id": c.task.pk}, GET_POST, writes=True),
    IdView(
        "housing:task-toggle-done",
        lambda c: {"task_id": c.task.pk},
        POST_ONLY,
        writes=True,
        valid_post=lambda c, today: {"done": "1"},
    ),
    IdView("housing:notification-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:notification-edit", lambda c: {"notification_id": c.notification.pk}, GET_POST, writes=True),
    IdView("housing:application-create", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:application-edit", lambda c: {"application_id": c.application.pk}, GET_POST, writes=True),
    IdView("reports:stay-responsibilities", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False),
    # Registering a child is work on the parent's case (it needs the capability to edit cases).
    IdView(
        "children:child-add",
        lambda c: {"stay_id": c.stay.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"first_name": "Nyfødt", "birth_year": str(today.year)},
    ),
    IdView("children:child-detail", lambda c: {"child_id": c.child.pk}, GET_ONLY, writes=False, child_view=True),
    IdView(
        "children:child-edit",
        lambda c: {"child_id": c.child.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"first_name": c.child.first_name, "birth_year": str(c.child.birth_year)},
        child_view=True,
    ),
    IdView(
        "children:child-wish-add",
        lambda c: {"child_id": c.child.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"asked_on": today.isoformat(), "words": "Vil ha eget rom"},
        child_view=True,
    ),
    IdView(
        "children:child-information-add",
        lambda c: {"child_id": c.child.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {"told_on": today.isoformat(), "phase": "for", "what_told": "Dere skal flytte"},
        child_view=True,
    ),
    IdView(
        "children:child-move-add",
        lambda c: {"child_id": c.child.pk},
        GET_POST,
        writes=True,
        valid_post=lambda c, today: {
            "kind": "for_krisesenter",
            "moved_on": (c.stay.arrival_date - datetime.timedelta(days=200)).isoformat(),
        },
        child_view=True,
    ),
    IdView(
        "children:child-plan", lambda c: {"child_id": c.child.pk}, GET_ONLY, writes=False, child_view=True, pdf=True
    ),
]


ID_VIEWS += [view for part in PARTS for view in part.ID_VIEWS]

# The audit action each page records, where it is not "stay.viewed" (see tests/audit/test_audit_reads.py).
PART_READ_ACTIONS = {name: action for part in PARTS for name, action in part.READ_ACTIONS.items()}

CASE_MODELS = [
    Resident,
    Stay,
    JournalNote,
    HousingAssessment,
    StayTrack,
    Task,
    Notification,
    Child,
    ChildWish,
    ChildInformation,
    ChildMove,
    *[model for part in PARTS for model in part.CASE_MODELS],
]


def data_counts() -> dict[str, int]:
    """Row counts of every case-data table, to prove that nothing was saved."""
    return {model.__name__: model.objects.count() for model in CASE_MODELS}


def write_audit_count() -> int:
    """Audit rows that document a write (reads end in .viewed or .listed)."""
    return AuditEvent.objects.exclude(action__endswith=".viewed").exclude(action__endswith=".listed").count()


def page_title(content: str) -> str:
    match = re.search(r"<title>(.*?)</title>", content, re.S)
    assert match, "page has no <title>"
    return html.unescape(match.group(1)).strip()


_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def without_csrf(content: str) -> str:
    """The page with its (per-response, masked) CSRF tokens blanked."""
    return _CSRF.sub('name="csrfmiddlewaretoken" value=""', content)


def data_snapshot() -> dict[str, list[dict]]:
    """Every row of every case-data table (and the shelters), to prove that nothing changed."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in [Shelter, *CASE_MODELS]}


def as_posted(form) -> dict:
    """What a browser sends back for the form as it was shown (its initial values): unchecked
    boxes and empty fields are left out, a checked box is "on", a time is HH:MM."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, datetime.time):
            value = value.strftime("%H:%M")
        data[bound.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data
