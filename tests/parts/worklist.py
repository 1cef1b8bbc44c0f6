"""The work queue's share of the shared test tables (see tests/parts/__init__.py).

Marking a task done from the queue takes the task's id (the shared Case's task) and sends the
user back to the queue.
"""

from django.urls import reverse

from tests.id_views import POST_ONLY, IdView


def build(stay, actor, today) -> dict:
    return {}


ID_VIEWS: list = [
    IdView(
        "worklist:task-done",
        lambda c: {"task_id": c.task.pk},
        POST_ONLY,
        writes=True,
        valid_post=lambda c, today: {"version": str(c.task.version), "next": reverse("worklist:queue") + "?mine=on"},
        redirect=lambda c: reverse("worklist:queue") + "?mine=on",
    ),
]
READ_ACTIONS: dict = {}
CASE_MODELS: list = []
