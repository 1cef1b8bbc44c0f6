"""The private rental search of a stay. Each view: access → form/service → response."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boligplan.audit.services import audit_record
from boligplan.core.formflow import CasePage, FormFlow
from boligplan.core.forms import today
from boligplan.core.pages import back_to_stay, refuse_if_ended, render_case_page
from boligplan.residents.access import get_stay_for_user, staff_of_shelter

from . import access, selectors, services
from .forms import AdForm, ContactForm, SearchForm, ViewingForm
from .ics import calendar_filename, viewing_calendar

# Saves come back to this app's section of the resident's page (its anchor; the Referer opens its fold).
SECTION = "s-boligsok"


def _back_to_ad(ad):
    return redirect("rental:ad-detail", ad_id=ad.pk)


def _refuse_if_ended(request, stay, back):
    """New ads, viewings and contacts belong to a search in progress; an ended stay is history."""
    message = _("Oppholdet er avsluttet. Boligsøket kan leses, men ingenting nytt kan legges til.")
    return refuse_if_ended(request, stay, message=message, back=back)


def _ad_context(request, ad, contact_form=None) -> dict:
    context = selectors.ad_page(request.user, ad, today=today())
    context["contact_form"] = contact_form or ContactForm(stay=ad.stay, initial={"contacted_on": today()})
    return context


@require_http_methods(["GET", "POST"])
def ad_create(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    if refused := _refuse_if_ended(request, stay, back_to_stay(stay, SECTION)):
        return refused
    return FormFlow(
        form=AdForm(request.POST or None, initial={"status": "vurderes", "deposit": 0}),
        save=lambda form: services.ad_record(actor=request.user, stay=stay, values=form.values(), today=today()),
        success=_("Annonsen er lagt til."),
        done=_back_to_ad,
        page=CasePage("rental/ad_form.html", {"stay": stay, "ad": None}, stay=stay),
    ).respond(request)


@require_GET
def ad_detail(request, ad_id):
    ad = access.get_ad_for_user(request.user, ad_id)
    return render_case_page(
        request, "rental/ad_detail.html", _ad_context(request, ad), action="rental_ad.viewed", stay=ad.stay, obj=ad
    )


@require_http_methods(["GET", "POST"])
def ad_edit(request, ad_id):
    ad = access.get_ad_for_user(request.user, ad_id, for_change=True)
    stay = ad.stay

    def save(form):
        return services.ad_update(
            actor=request.user,
            ad=ad,
            values=form.values(),
            today=today(),
            expected_version=form.cleaned_data["version"],
        )

    return FormFlow(
        form=AdForm(request.POST or None, instance=ad),
        save=save,
        success=_("Annonsen er oppdatert."),
        done=_back_to_ad(ad),
        page=CasePage("rental/ad_form.html", {"stay": stay, "ad": ad}, action="rental_ad.viewed", stay=stay, obj=ad),
        conflict_form=lambda data, current: AdForm(data, instance=current),
    ).respond(request)


@require_POST
def contact_add(request, ad_id):
    """The contact log's form lives on the ad's page: its errors are shown there (400)."""
    ad = access.get_ad_for_user(request.user, ad_id, for_change=True)
    if refused := _refuse_if_ended(request, ad.stay, _back_to_ad(ad)):
        return refused
    form = ContactForm(request.POST, stay=ad.stay)
    return FormFlow(
        form=form,
        save=lambda form: services.contact_record(actor=request.user, ad=ad, values=form.cleaned_data),
        success=_("Kontakten er ført i loggen."),
        done=_back_to_ad(ad),
        page=CasePage(
            "rental/ad_detail.html",
            lambda: _ad_context(request, ad, contact_form=form),
            action="rental_ad.viewed",
            stay=ad.stay,
            obj=ad,
        ),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def viewing_create(request, ad_id):
    ad = access.get_ad_for_user(request.user, ad_id, for_change=True)
    stay = ad.stay
    if refused := _refuse_if_ended(request, stay, _back_to_ad(ad)):
        return refused
    return FormFlow(
        form=ViewingForm(request.POST or None, staff=staff_of_shelter(request.user), stay=stay),
        save=lambda form: services.viewing_record(actor=request.user, ad=ad, values=form.values()),
        success=_("Visningen er registrert. Kalenderfilen kan lastes ned fra annonsen."),
        done=_back_to_ad(ad),
        page=CasePage("rental/viewing_form.html", {"stay": stay, "ad": ad, "viewing": None}, stay=stay),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def viewing_edit(request, viewing_id):
    viewing = access.get_viewing_for_user(request.user, viewing_id, for_change=True)
    stay, ad = viewing.stay, viewing.ad
    staff = staff_of_shelter(request.user)
    return FormFlow(
        form=ViewingForm(request.POST or None, instance=viewing, staff=staff, stay=stay),
        save=lambda form: services.viewing_update(
            actor=request.user, viewing=viewing, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        success=_("Visningen er oppdatert. Last ned kalenderfilen på nytt."),
        done=_back_to_ad(ad),
        page=CasePage(
            "rental/viewing_form.html",
            {"stay": stay, "ad": ad, "viewing": viewing},
            action="viewing.viewed",
            stay=stay,
            obj=viewing,
        ),
        conflict_form=lambda data, current: ViewingForm(data, instance=current, staff=staff, stay=stay),
    ).respond(request)


@require_GET
def viewing_calendar_file(request, viewing_id):
    """The viewing as an .ics file: the area and the time, never a name or an address."""
    viewing = access.get_viewing_for_user(request.user, viewing_id)
    body = viewing_calendar(viewing, now=timezone.now())
    audit_record(
        actor=request.user,
        action="viewing.calendar_downloaded",
        obj=viewing,
        shelter_id=viewing.shelter_id,
        stay_id=viewing.stay_id,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(viewing)}"'
    return response


@require_http_methods(["GET", "POST"])
def search_edit(request, stay_id):
    stay = get_stay_for_user(request.user, stay_id, for_change=True)
    search = access.search_for_stay(request.user, stay)
    return FormFlow(
        form=SearchForm(request.POST or None, instance=search),
        save=lambda form: services.search_save(
            actor=request.user, stay=stay, values=form.values(), expected_version=form.cleaned_data["version"]
        ),
        success=_("Inntekten er lagret."),
        done=back_to_stay(stay, SECTION),
        page=CasePage(
            "rental/search_form.html",
            {"stay": stay, "search": search},
            action="rental_search.viewed",
            stay=stay,
            obj=search,
        ),
        conflict_form=lambda data, current: SearchForm(data, instance=current),
    ).respond(request)
