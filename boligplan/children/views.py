"""Children's pages. Each view: access → form/service → response."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.audit.services import audit_record
from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import render_case_page
from boligplan.residents.access import get_stay_for_user

from . import access, selectors, services
from .forms import ChildForm, ChildInformationForm, ChildMoveForm, ChildWishForm
from .pdf import child_plan_pdf, plan_language


def _to_child(child):
    return redirect("children:child-detail", child_id=child.pk)


@require_GET
def children_list(request):
    lists = selectors.children_list(request.user, today=today())
    return render_case_page(
        request,
        "children/children_list.html",
        {"children": lists["current"], "moved_out": lists["moved_out"], "nav": "children"},
        action="children.listed",
    )


@require_http_methods(["GET", "POST"])
def child_add(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    return FormFlow(
        form=ChildForm(request.POST or None, contacts=access.child_contacts_of_shelter(request.user)),
        save=lambda form: services.child_add(actor=request.user, stay=stay, **form.values()),
        success=_("Barnet er registrert."),
        done=_to_child,
        page=CasePage("children/child_form.html", {"stay": stay, "child": None}, stay=stay),
    ).respond(request)


@require_GET
def child_detail(request, child_id):
    child = access.get_child_for_user(request.user, child_id)
    context = selectors.child_page_context(request.user, child, today=today())
    return render_case_page(
        request, "children/child_detail.html", context, action="child.viewed", stay=child.stay, obj=child
    )


@require_http_methods(["GET", "POST"])
def child_edit(request, child_id):
    child = access.get_child_for_user(request.user, child_id, for_change=True)
    contacts = access.child_contacts_of_shelter(request.user)
    return FormFlow(
        form=ChildForm(request.POST or None, instance=child, contacts=contacts),
        save=lambda form: services.child_update(
            actor=request.user, child=child, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        success=_("Opplysningene om barnet er lagret."),
        done=_to_child(child),
        page=CasePage(
            "children/child_form.html",
            {"stay": child.stay, "child": child},
            action="child.viewed",
            stay=child.stay,
            obj=child,
        ),
        conflict_form=lambda data, current: ChildForm(data, instance=current, contacts=contacts),
    ).respond(request)


def _entry_view(request, child_id, *, form_class, service, template, success_message, initial):
    child = access.get_child_for_user(request.user, child_id, for_change=True)
    return FormFlow(
        form=form_class(request.POST or None, child=child, initial=initial),
        save=lambda form: service(actor=request.user, child=child, **form.cleaned_data),
        success=success_message,
        done=_to_child(child),
        page=CasePage(
            template, {"child": child, "stay": child.stay}, action="child.viewed", stay=child.stay, obj=child
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def child_wish_add(request, child_id):
    return _entry_view(
        request,
        child_id,
        form_class=ChildWishForm,
        service=services.child_wish_add,
        template="children/child_wish_form.html",
        success_message=_("Barnets ønsker er lagret."),
        initial={"asked_on": today()},
    )


@require_http_methods(["GET", "POST"])
def child_information_add(request, child_id):
    return _entry_view(
        request,
        child_id,
        form_class=ChildInformationForm,
        service=services.child_information_add,
        template="children/child_information_form.html",
        success_message=_("Informasjonen er lagret."),
        initial={"told_on": today(), "phase": request.GET.get("fase", "")},
    )


@require_http_methods(["GET", "POST"])
def child_move_add(request, child_id):
    return _entry_view(
        request,
        child_id,
        form_class=ChildMoveForm,
        service=services.child_move_add,
        template="children/child_move_form.html",
        success_message=_("Flyttingen er registrert."),
        initial={},
    )


@require_GET
def child_plan(request, child_id):
    """The child's plan as a PDF, written to the child, in ?lang=nb|nn (pdf.plan_language). Never an address."""
    child = access.get_child_for_user(request.user, child_id)
    pdf = child_plan_pdf(child, today=today(), lang=plan_language(request.GET.get("lang")))
    audit_record(
        actor=request.user, action="child.plan_printed", obj=child, shelter_id=child.shelter_id, stay_id=child.stay_id
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    # A neutral file name: no child's name in downloads folders or browser history.
    response["Content-Disposition"] = 'inline; filename="barnets-plan.pdf"'
    return response
