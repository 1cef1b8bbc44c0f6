"""The work queue page and marking a task done from it (with htmx in place, or a plain POST)."""

import hashlib
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from boligplan.core.dataversion import cached, page_version, render_fragment
from boligplan.core.forms import today
from boligplan.core.pages import framed_case_page
from boligplan.housing import access as housing_access
from boligplan.housing.task_done import set_done_from_post
from boligplan.residents.access import staff_of_shelter

from . import selectors
from .access import require_queue_reader
from .forms import QueueFilterForm


def _queue_context(request, query: QueryDict, day=None) -> tuple[dict, bool]:
    """The queue for the filters in `query`: (context, valid)."""
    user, day = request.user, day or today()
    collected = selectors.collect(user, today=day)
    staff = [] if collected.children_only else list(staff_of_shelter(user))
    form = QueueFilterForm(query, staff=staff, stays=collected.stays)
    valid = form.is_valid()
    filters = form.filters() if valid else selectors.Filters()
    queue = selectors.arrange(collected, user=user, today=day, filters=filters) if valid else None
    here = reverse("worklist:queue") + (f"?{query.urlencode()}" if query else "")
    context = {
        "nav": "queue",
        "form": form,
        "queue": queue,
        "children_only": collected.children_only,
        "filtered": valid and filters != selectors.Filters(),
        "here": here,
        "today": day,
    }
    return context, valid


@require_GET
def queue(request):
    membership = require_queue_reader(request.user)
    day = today()

    def build() -> tuple[str, bool]:
        context, valid = _queue_context(request, request.GET, day)
        return render_fragment(request, "worklist/_queue_page.html", context), valid

    # The page's body, cached (ADR 0029) under the shelter's data version for this viewer (the
    # "mine" filter and a children's contact person's own children), role, day and filters.
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()
    html, valid = cached(
        membership.shelter_id,
        "work-queue-page",
        build,
        vary=[membership.role, request.user.pk, day, query],
        version=page_version(membership, membership.shelter_id),
    )
    return framed_case_page(
        request,
        "worklist/queue.html",
        nav="queue",
        content_name="queue_content",
        content=html,
        action="worklist.viewed",
        obj=membership.shelter,
        status=200 if valid else 400,
    )


def _safe_next(request, task) -> str:
    """Back where the button was: the queue with its filters, or the task's resident page at its
    tasks. Never anywhere else, whatever `next` says."""
    target = request.POST.get("next", "")
    queue_path = reverse("worklist:queue")
    stay_path = reverse("residents:stay-detail", args=[task.stay_id])
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    parts = urlsplit(target)
    if allowed and not parts.scheme and not parts.netloc and parts.path in (queue_path, stay_path):
        return target
    return queue_path


@require_POST
def task_done(request, task_id):
    task = housing_access.get_task_for_user(request.user, task_id, for_change=True)
    done = request.POST.get("done", "1") != "0"  # "0": open it again (from the resident's page)
    if conflict := set_done_from_post(request, task, done=done):
        status, text = "error", conflict
    else:
        status = "success"
    back = _safe_next(request, task)
    in_queue = urlsplit(back).path == reverse("worklist:queue")
    if status == "success" and in_queue:
        # In the queue the task leaves the list, so say which one it was.
        text = (_("«%s» er merket som utført.") if done else _("«%s» er åpnet igjen.")) % task.title
    elif status == "success":
        text = _("Oppgaven er merket som utført.") if done else _("Oppgaven er åpnet igjen.")
    if request.htmx and in_queue:
        # In place: the same filtered list, without the task, and what happened said aloud.
        context, _valid = _queue_context(request, QueryDict(urlsplit(back).query))
        context.update({"status": status, "status_text": text})
        return render(request, "worklist/_queue_list.html", context)
    (messages.success if status == "success" else messages.error)(request, text)
    return redirect(back)
