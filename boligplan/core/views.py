from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from boligplan.audit.review import ReviewSettings

from . import services
from .access import require_capability
from .concurrency import EditConflict
from .forms import ShelterSettingsForm, add_service_errors
from .pages import conflict_response
from .roles import Capability
from .signin import municipal_login_configured


@login_not_required
@never_cache
@require_GET
def health(request):
    """For load balancers and monitoring: answers only whether the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error"}, status=503)
    return JsonResponse({"status": "ok"})


@require_http_methods(["GET", "POST"])
def shelter_settings(request):
    membership = require_capability(request.user, Capability.MANAGE_SHELTER)
    shelter = membership.shelter
    # The settings' hours are always a pair; only a shelter's own settings say "around the clock".
    default_hours = cast(tuple[int, int], ReviewSettings.from_django_settings().working_hours)
    form = ShelterSettingsForm(
        request.POST or None, initial=ShelterSettingsForm.initial_for(shelter, default_hours=default_hours)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.shelter_update_settings(
                actor=request.user,
                shelter=shelter,
                expected_version=form.cleaned_data.get("version"),
                **form.settings_values(),
            )
        except EditConflict as conflict:
            return conflict_response(request, conflict, lambda data, _: ShelterSettingsForm(data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Innstillingene er lagret."))
            return redirect("shelter-settings")
    return render(
        request,
        "core/shelter_settings.html",
        {"form": form, "shelter": shelter, "nav": "settings", "municipal_configured": municipal_login_configured()},
        status=400 if form.errors else 200,
    )
