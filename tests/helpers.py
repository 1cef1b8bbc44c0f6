"""Small shared helpers for the server-side tests: a stay with some housing work on it, the list
of views that take an object id, and checks for HTML answers."""

import datetime
import html
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse

from boligplan.audit.models import AuditEvent
from boligplan.core.models import Shelter
from boligplan.housing import services as housing_services
from boligplan.housing.models import HousingAssessment, Notification, StayTrack, Task
from boligplan.residents.models import JournalNote, Resident, Stay


@dataclass
class Case:
    """A stay with one of each thing a view can be asked about."""

    stay: Stay
    resident: Resident
    task: Task
    notification: Notification
    assessment: HousingAssessment


def build_case(stay: Stay, actor, today: datetime.date) -> Case:
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
    return Case(stay=stay, resident=stay.resident, task=task, notification=notification, assessment=assessment)


def ghost_case() -> SimpleNamespace:
    """Stands in for a Case whose every object id exists nowhere."""

    def ghost():
        return SimpleNamespace(pk=uuid.uuid4())

    return SimpleNamespace(stay=ghost(), resident=ghost(), task=ghost(), notification=ghost(), assessment=ghost())


@dataclass(frozen=True)
class IdView:
    """A view that takes the id of a resident, stay, task or notification."""

    name: str
    kwargs: Callable[[Case], dict]
    methods: frozenset[str]  # the HTTP methods the view answers
    writes: bool  # needs the capability to edit cases
    valid_post: Callable[[Case, datetime.date], dict] | None = None

    @property
    def read_method(self) -> str:
        return "GET" if "GET" in self.methods else "POST"

    def url(self, case) -> str:
        return reverse(self.name, kwargs=self.kwargs(case))

    def __str__(self) -> str:
        return self.name


GET_POST = frozenset({"GET", "POST"})
POST_ONLY = frozenset({"POST"})
GET_ONLY = frozenset({"GET"})

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
    ),
    IdView("residents:stay-contact-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("residents:stay-ready-to-move", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("residents:stay-depart", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:assessment-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView("housing:tracks-edit", lambda c: {"stay_id": c.stay.pk}, GET_POST, writes=True),
    IdView(
        "housing:track-remove",
        lambda c: {"stay_id": c.stay.pk, "track": "privat_leie"},
        POST_ONLY,
        writes=True,
        valid_post=lambda c, today: {},
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
]


def data_counts() -> dict[str, int]:
    """Row counts of every case-data table, to prove that nothing was saved."""
    models = [Resident, Stay, JournalNote, HousingAssessment, StayTrack, Task, Notification]
    return {model.__name__: model.objects.count() for model in models}


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
    models = [Shelter, Resident, Stay, JournalNote, HousingAssessment, StayTrack, Task, Notification]
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
