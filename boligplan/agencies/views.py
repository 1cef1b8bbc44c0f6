"""The agency directory. Each view: access → form → service → response."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.core.formflow import FormFlow, Page
from boligplan.core.roles import Capability

from . import access, selectors, services
from .forms import AgencyForm, NumberLookupForm, PartnerMunicipalitiesForm
from .models import Agency


def _to_directory():
    return redirect("agencies:agency-list")


@require_GET
def agency_list(request):
    membership = access.require_directory_reader(request.user)
    lookup_form = NumberLookupForm(request.GET if request.GET.get("kommunenummer", "").strip() else None)
    lookup = None
    if lookup_form.is_bound and lookup_form.is_valid():
        lookup = selectors.lookup_municipality_number(lookup_form.cleaned_data["kommunenummer"])
    context = {
        "directory": selectors.agency_directory(membership.shelter_id),
        "lookup_form": lookup_form,
        "lookup": lookup,
        "may_manage": membership.can(Capability.MANAGE_SHELTER),
        "nav": "agencies",
    }
    return render(request, "agencies/agency_list.html", context)


def _agency_page(agency) -> Page:
    return Page(
        "agencies/agency_form.html",
        lambda: {"agency": agency, "municipality_options": selectors.current_municipalities(), "nav": "agencies"},
    )


@require_http_methods(["GET", "POST"])
def agency_create(request):
    membership = access.require_directory_manager(request.user)
    return FormFlow(
        form=AgencyForm(request.POST or None, instance=Agency(shelter=membership.shelter)),
        save=lambda form: services.agency_create(actor=request.user, shelter=membership.shelter, values=form.values()),
        success=_("Instansen er lagt til."),
        done=_to_directory(),
        page=_agency_page(None),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def agency_edit(request, agency_id):
    agency = access.get_agency_for_user(request.user, agency_id, for_change=True)
    return FormFlow(
        form=AgencyForm(request.POST or None, instance=agency),
        save=lambda form: services.agency_update(actor=request.user, agency=agency, values=form.values()),
        success=_("Instansen er oppdatert."),
        done=_to_directory(),
        page=_agency_page(agency),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def agency_delete(request, agency_id):
    agency = access.get_agency_for_user(request.user, agency_id, for_change=True)
    if request.method == "POST":
        services.agency_remove(actor=request.user, agency=agency)
        messages.success(request, _("Instansen er fjernet fra oversikten."))
        return _to_directory()
    return render(request, "agencies/agency_confirm_delete.html", {"agency": agency, "nav": "agencies"})


@require_http_methods(["GET", "POST"])
def partners_edit(request):
    membership = access.require_directory_manager(request.user)
    counties = list(selectors.current_counties())
    by_number = {county.number: county for county in counties}
    chosen = request.POST.get("fylke") if request.method == "POST" else request.GET.get("fylke")
    county = by_number.get(chosen or "")
    partners = sorted(
        selectors.partner_municipalities(membership.shelter_id), key=lambda m: selectors.norwegian_sort_key(m.name)
    )
    if county is None:
        if request.method == "POST":
            messages.error(request, _("Velg fylket du vil endre samarbeidskommuner i."))
            return redirect("agencies:partners-edit")
        if chosen:  # an address typed by hand with a county that does not exist
            messages.error(request, _("Fant ikke fylket. Velg et fylke fra listen."))
        return render(
            request,
            "agencies/partners_edit.html",
            {"counties": counties, "county": None, "partners": partners, "form": None, "nav": "agencies"},
        )
    form = PartnerMunicipalitiesForm(
        request.POST or None,
        county=county,
        initial={"municipalities": [m.pk for m in partners if m.county_id == county.pk]},
    )
    return FormFlow(
        form=form,
        save=lambda form: services.partner_municipalities_set(
            actor=request.user,
            shelter=membership.shelter,
            county=county,
            municipalities=list(form.cleaned_data["municipalities"]),
        ),
        success=lambda counts: (
            _("Samarbeidskommunene i %(county)s er lagret: %(added)s lagt til, %(removed)s fjernet.")
            % {"county": county.name, "added": counts[0], "removed": counts[1]}
        ),
        done=redirect(f"{request.path}?fylke={county.number}"),
        page=Page(
            "agencies/partners_edit.html",
            {"counties": counties, "county": county, "partners": partners, "nav": "agencies"},
        ),
    ).respond(request)
