"""The resident's page (ADR 0026): access → the page put together from every app's section."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boligplan.core import pending
from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import back_to_stay, framed_case_page, render_case_page
from boligplan.core.sections import part_from_referer
from boligplan.housing import selectors as housing_selectors
from boligplan.residents import access, services
from boligplan.residents.forms import JournalNoteForm

from .page import stay_page_content

TEMPLATE = "casepage/stay_detail.html"


@require_http_methods(["GET"])
def stay_detail(request, stay_id):
    stay = access.stay_ref_for_user(request.user, stay_id)  # the whole stay is read only to build the page
    came_from = part_from_referer(request.headers.get("referer", ""))
    note_form = JournalNoteForm()
    restored = pending.restore(request, note_form, reverse("residents:note-add", kwargs={"stay_id": stay.pk}))
    content = stay_page_content(
        request, stay, note_form=note_form, today=today(), came_from=came_from, cache=not restored
    )
    return framed_case_page(
        request, TEMPLATE, nav="", content_name="stay_content", content=content, action="stay.viewed", stay=stay
    )


@pending.returns_to(lambda stay_id: reverse("residents:stay-detail", kwargs={"stay_id": stay_id}))
@require_POST
def note_add(request, stay_id):
    """The journal note written on the resident's page; an error shows the whole page again."""
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    form = JournalNoteForm(request.POST)
    return FormFlow(
        form=form,
        save=lambda form: services.journal_note_add(actor=request.user, stay=stay, text=form.cleaned_data["text"]),
        success=_("Notatet er lagret."),
        done=back_to_stay(stay, "s-journal"),
        # The page again with the user's text: built for this request only, never cached.
        page=CasePage(
            TEMPLATE,
            lambda: {
                "stay": stay,
                "stay_content": stay_page_content(request, stay, note_form=form, today=today(), cache=False),
            },
            stay=stay,
        ),
    ).respond(request)


@require_http_methods(["GET"])
def stay_done_tasks(request, stay_id):
    """Every done task of a stay, latest first, in pages (the resident's page shows the latest)."""
    stay = access.get_stay_for_user(request.user, stay_id)
    page = housing_selectors.done_tasks_page(request.user, stay, page=request.GET.get("side", 1))
    return render_case_page(
        request, "casepage/stay_done_tasks.html", {"stay": stay, "page": page}, action="tasks.viewed", stay=stay
    )
