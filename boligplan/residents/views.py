"""Residents and stays. Each view: access → form/service → response."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from boligplan.core import once
from boligplan.core.access import require_capability
from boligplan.core.formflow import CasePage, FormFlow, Page
from boligplan.core.forms import split_version, today
from boligplan.core.pages import back_to_stay, render_case_page
from boligplan.core.roles import Capability

from . import access, addresses, selectors, services
from .choices import FORWARDING_ADDRESS, AddressProtection
from .forms import (
    ContactPersonForm,
    DepartureForm,
    NewHomeAddressForm,
    ProtectionForm,
    ReadyToMoveForm,
    ResidentRegisterForm,
    ResidentSearchForm,
    RevealForm,
    StayOpenForm,
)
from .results import search_rows

REGISTER_FORM = "resident-register"


@require_http_methods(["GET", "POST"])
def resident_register(request):
    """Register a resident. The form's one-time token makes a resend open the first stay again.

    A POST without a token (not from our page) is not protected against a resend, as a save
    without a version is not protected against a lost update.
    """
    membership = require_capability(request.user, Capability.EDIT_CASES)
    staff = access.staff_of_shelter(request.user)
    data = request.POST if request.method == "POST" else None
    token = data.get(once.FIELD, "") if data is not None else ""
    stale = bool(token) and not once.was_issued(request, REGISTER_FORM, token)
    if data is None or stale:
        token = once.issue(request, REGISTER_FORM)
    if stale:
        data = data.copy()
        data[once.FIELD] = token
    initial = {"arrival_date": today(), "contact_person": request.user, once.FIELD: token}
    form = ResidentRegisterForm(data, staff=staff, initial=initial)
    if stale:
        # With this error on it the form is not valid: nothing is saved, the page comes back (400).
        form.is_valid()
        form.add_error(None, _("Skjemaet er for gammelt til å lagres. Se over det du skrev, og trykk Registrer igjen."))

    def save(form):
        """The stay, and whether this POST registered it (False: a resend of the same form)."""
        values = dict(form.cleaned_data)
        values.pop(once.FIELD)
        if not token:
            return services.resident_register(actor=request.user, shelter=membership.shelter, **values), True
        resident_id = once.record_id(REGISTER_FORM, request.user, token)
        stay, created = services.resident_register_once(
            actor=request.user, shelter=membership.shelter, resident_id=resident_id, **values
        )
        if not created:
            messages.info(request, _("Skjemaet ble sendt to ganger. Beboeren er registrert én gang."))
        return stay, created

    return FormFlow(
        form=form,
        save=save,
        success=lambda saved: _("Beboeren er registrert.") if saved[1] else None,
        done=lambda saved: redirect("residents:stay-detail", stay_id=saved[0].pk),
        # Before the resident exists nothing of a case is shown: the page is not audited as a read.
        page=Page("residents/resident_register.html"),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def stay_ready_to_move(request, stay_id):
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    form = ReadyToMoveForm(
        request.POST or None,
        stay=stay,
        initial={
            "ready_to_move_date": stay.ready_to_move_date or today(),
            "wait_cause": stay.wait_cause,
            "planned_departure_date": stay.planned_departure_date,
            "version": stay.version,
        },
    )

    def save(form):
        values, version = split_version(form.cleaned_data)
        return services.stay_set_ready_to_move(actor=request.user, stay=stay, expected_version=version, **values)

    return FormFlow(
        form=form,
        save=save,
        success=_("Dato for klar til å flytte er lagret."),
        done=back_to_stay(stay, "s-flytting"),
        page=CasePage("residents/stay_ready_to_move.html", {"stay": stay}, stay=stay),
        conflict_form=lambda data, _: ReadyToMoveForm(data, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def stay_depart(request, stay_id):
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    if not stay.is_current:
        return back_to_stay(stay)

    def save(form):
        values, version = split_version(form.cleaned_data)
        return services.stay_depart(actor=request.user, stay=stay, expected_version=version, **values)

    return FormFlow(
        form=DepartureForm(
            request.POST or None, stay=stay, initial={"departure_date": today(), "version": stay.version}
        ),
        save=save,
        success=_("Utflyttingen er registrert. Oppholdet ligger nå under tidligere opphold."),
        done=back_to_stay(stay, "s-flytting"),
        page=CasePage("residents/stay_depart.html", {"stay": stay}, stay=stay),
        conflict_form=lambda data, _: DepartureForm(data, stay=stay),
    ).respond(request)


@require_http_methods(["GET"])
def stay_notes(request, stay_id):
    """The whole journal of a stay, newest first, in pages (the resident's page shows the latest)."""
    stay = access.get_stay_for_user(request.user, stay_id)
    page = selectors.notes_page(request.user, stay, page=request.GET.get("side", 1))
    return render_case_page(
        request, "residents/stay_notes.html", {"stay": stay, "page": page}, action="journal.viewed", stay=stay
    )


# The earlier stays are listed this many to a page.
EARLIER_PER_PAGE = 50


def _search(request, *, ended_only: bool):
    """The posted search form and its matches. A search goes by POST, so a name never ends up in
    a URL, a server's access log or the browser's history; nothing of the text is logged or
    audited (the page's one audit row says only that the list was searched)."""
    form = ResidentSearchForm(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return form, None, False
    stays, too_many = selectors.search_stays(request.user, form.cleaned_data["q"], ended_only=ended_only)
    return form, search_rows(request.user, stays, today=today()), too_many


@require_http_methods(["GET", "POST"])
def resident_search(request):
    """Find a resident, current or earlier, by name, initials, part of a name or birth year."""
    membership = require_capability(request.user, Capability.VIEW_CASES)
    form, results, too_many = _search(request, ended_only=False)
    context = {"form": form, "results": results, "too_many": too_many, "nav": "search"}
    if results is None:  # the empty form, or a rejected one: no names shown, nothing read
        return render(request, "residents/resident_search.html", context, status=400 if form.errors else 200)
    return render_case_page(
        request, "residents/resident_search.html", context, action="residents.searched", obj=membership.shelter
    )


@require_http_methods(["GET", "POST"])
def stays_earlier(request):
    membership = require_capability(request.user, Capability.VIEW_CASES)
    form, results, too_many = _search(request, ended_only=True)
    page = None
    if results is None:
        page = Paginator(selectors.earlier_stays(request.user), EARLIER_PER_PAGE).get_page(request.GET.get("side", 1))
    return render_case_page(
        request,
        "residents/stays_earlier.html",
        {"page": page, "form": form, "results": results, "too_many": too_many, "nav": "earlier"},
        action="residents.searched" if results is not None else "stays.earlier_listed",
        obj=membership.shelter,
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def stay_open(request, resident_id):
    resident = access.get_resident_for_user(request.user, resident_id, for_change=True)
    form = StayOpenForm(
        request.POST or None,
        staff=access.staff_of_shelter(request.user),
        initial={"arrival_date": today(), "contact_person": request.user},
    )
    return FormFlow(
        form=form,
        save=lambda form: services.stay_open(actor=request.user, resident=resident, **form.cleaned_data),
        success=_("Nytt opphold er registrert."),
        done=back_to_stay,
        page=CasePage(
            "residents/stay_open.html",
            {"resident": resident, "stays": selectors.resident_stays(request.user, resident)},
            action="resident.viewed",
            obj=resident,
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def stay_contact_edit(request, stay_id):
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    form = ContactPersonForm(
        request.POST or None,
        staff=access.staff_of_shelter(request.user),
        initial={"contact_person": stay.contact_person, "version": stay.version},
    )

    def save(form):
        values, version = split_version(form.cleaned_data)
        return services.stay_update_contact(actor=request.user, stay=stay, expected_version=version, **values)

    return FormFlow(
        form=form,
        save=save,
        success=_("Kontaktpersonen er endret."),
        done=back_to_stay(stay),
        page=CasePage("residents/stay_contact_edit.html", {"stay": stay}, stay=stay),
        conflict_form=lambda data, _: ContactPersonForm(data, staff=access.staff_of_shelter(request.user)),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def stay_address_edit(request, stay_id):
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    not_stored = AddressProtection.forbids_storing(stay.resident.address_protection)
    # A confidential address is never put back into a form field: staff type a new one or leave it.
    initial = (
        {} if stay.resident.address_protection != AddressProtection.UNGRADED else {"address": stay.new_home_address}
    )
    return FormFlow(
        form=NewHomeAddressForm(request.POST or None, initial={**initial, "version": stay.version}),
        save=lambda form: addresses.stay_set_new_home_address(
            actor=request.user,
            stay=stay,
            address=form.cleaned_data["address"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Adressen er lagret."),
        done=back_to_stay(stay, "s-flytting"),
        page=CasePage(
            "residents/stay_address_edit.html",
            {"stay": stay, "not_stored": not_stored, "forwarding_address": FORWARDING_ADDRESS},
            stay=stay,
        ),
        conflict_form=lambda data, _: NewHomeAddressForm(data),
        # Never show a stored address in the comparison: only that it changed.
        hide_values=True,
    ).respond(request)


@require_http_methods(["GET", "POST"])
def stay_address_reveal(request, stay_id):
    """Show a confidential address once, after a reason and a recent password check."""
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    if addresses.address_view(stay) != addresses.AddressView.MASKED:
        # Nothing to reveal (no address, not confidential, or never stored): say so, show nothing.
        if request.method == "POST":
            return redirect("residents:stay-detail", stay_id=stay.pk)
        return render_case_page(
            request,
            "residents/stay_address_reveal.html",
            {"stay": stay, "form": None},
            action="stay.viewed",
            stay=stay,
        )
    needs_password = not addresses.recently_reauthenticated(request)

    def reveal(form):
        if needs_password:
            addresses.mark_reauthenticated(request)
        return addresses.address_reveal(actor=request.user, stay=stay, reason=form.cleaned_data["reason"])

    return FormFlow(
        form=RevealForm(request.POST or None, user=request.user, needs_password=needs_password),
        save=reveal,
        # The address is the answer, shown once on its own page (no message, no redirect to come back to).
        success=None,
        done=lambda address: render(
            request, "residents/stay_address_revealed.html", {"stay": stay, "address": address}
        ),
        page=CasePage("residents/stay_address_reveal.html", {"stay": stay}, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def resident_protection_edit(request, stay_id):
    stay = access.get_stay_for_user(request.user, stay_id, for_change=True)
    resident = stay.resident
    form = ProtectionForm(
        request.POST or None, initial={"grading": resident.address_protection, "version": resident.version}
    )
    return FormFlow(
        form=form,
        save=lambda form: addresses.resident_set_protection(
            actor=request.user,
            resident=resident,
            grading=form.cleaned_data["grading"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Adressebeskyttelsen er registrert."),
        done=back_to_stay(stay, "s-flytting"),
        page=CasePage("residents/resident_protection_edit.html", {"stay": stay}, stay=stay),
        conflict_form=lambda data, _: ProtectionForm(data),
    ).respond(request)
