"""Marking a task done, or open again, from a plain POST: the resident's page (housing/views.py)
and the work queue (worklist/views.py) post the same two fields and meet the same conflict."""

from django.utils.translation import gettext as _

from boligplan.core.concurrency import EditConflict
from boligplan.core.forms import today

from . import services


def set_done_from_post(request, task, *, done: bool) -> str | None:
    """Save `done` on the task, checked against the version the page was showing (a missing or
    garbled version checks nothing). Returns the message to show when someone else changed the
    task in the meantime (nothing is saved then), or None."""
    version = request.POST.get("version", "")
    try:
        services.task_set_done(
            actor=request.user,
            task=task,
            done=done,
            today=today(),
            expected_version=int(version) if version.isdigit() else None,
        )
    except EditConflict:
        return _("Oppgaven ble endret av noen andre i mellomtiden. Se hvordan den står nå.")
    return None
