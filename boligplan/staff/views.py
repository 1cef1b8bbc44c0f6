"""The leader's staff page (Ansatte), the invitation link, and the national operator's pages (Drift).

Views are thin: access → form → service → redirect, or the form again with its errors (400).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boligplan.core.formflow import FormFlow, Page
from boligplan.core.roles import Role

from . import access, selectors, services
from .forms import ConfirmPasswordForm, InviteForm, LeaderInviteForm, RoleForm, SetPasswordForm, ShelterCreateForm
from .people import display_name


def _posted(request):
    """The form's data on a POST (an empty POST too, which then fails as an empty form), else None."""
    return request.POST if request.method == "POST" else None


def _base_url(request) -> str:
    return getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/")


def _not_sent(request, name: str, back=None):
    """The account is made but the e-mail did not go: say so, and go `back` (where a success goes)."""
    messages.error(
        request,
        _("Kontoen til %(name)s er laget, men e-posten kunne ikke sendes. Prøv «Send ny invitasjon» senere.")
        % {"name": name},
    )
    return back


# The leader's staff page


@require_GET
def staff_list(request):
    membership = access.require_staff_manager(request.user)
    return render(
        request,
        "staff/staff_list.html",
        {
            "rows": selectors.staff_list(shelter_id=membership.shelter_id),
            "changes": selectors.staff_changes(shelter_id=membership.shelter_id, limit=20),
            "shelter": membership.shelter,
            "nav": "staff",
        },
    )


@require_http_methods(["GET", "POST"])
def staff_invite(request):
    membership = access.require_staff_manager(request.user)
    form = InviteForm(_posted(request))

    def invite(form):
        data = form.cleaned_data
        return services.staff_invite(
            actor=request.user,
            shelter=membership.shelter,
            email=data["email"],
            full_name=data["full_name"],
            role=data["role"],
            base_url=_base_url(request),
        )

    return FormFlow(
        form=form,
        save=invite,
        success=lambda _sent: _("Invitasjonen er sendt til %(email)s.") % {"email": form.cleaned_data["email"]},
        done=redirect("staff:staff-list"),
        page=Page("staff/staff_invite.html", {"nav": "staff"}),
        outcomes={
            services.InvitationNotSent: lambda _e: _not_sent(
                request, form.cleaned_data["full_name"], redirect("staff:staff-list")
            )
        },
    ).respond(request)


def _member_context(request, member, *, role_form=None, password_form=None) -> dict:
    return {
        "row": selectors.staff_row(membership=member),
        "member": member,
        "is_self": member.user_id == request.user.pk,
        "role_form": role_form or RoleForm(initial={"role": member.role}),
        "password_form": password_form or ConfirmPasswordForm(),
        "form": role_form if role_form is not None and role_form.errors else password_form,
        "nav": "staff",
    }


@require_GET
def staff_member(request, user_id):
    member = access.get_member_for_manager(request.user, user_id)
    return render(request, "staff/staff_member.html", _member_context(request, member))


@require_POST
def staff_role(request, user_id):
    """The role's form lives on the member's page: its errors are shown there (400)."""
    member = access.get_member_for_manager(request.user, user_id)
    form = RoleForm(request.POST)
    return FormFlow(
        form=form,
        save=lambda form: services.staff_change_role(
            actor=request.user, membership=member, role=form.cleaned_data["role"]
        ),
        success=_("Rollen er endret."),
        done=redirect("staff:staff-member", user_id=member.user_id),
        page=Page("staff/staff_member.html", lambda: _member_context(request, member, role_form=form)),
    ).respond(request)


@require_http_methods(["GET", "POST"])
def staff_deactivate(request, user_id):
    member = access.get_member_for_manager(request.user, user_id)
    error = None
    if request.method == "POST":
        try:
            ended = services.staff_deactivate(actor=request.user, membership=member)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            sessions = ngettext("%(count)d åpen økt ble avsluttet.", "%(count)d åpne økter ble avsluttet.", ended) % {
                "count": ended
            }
            messages.success(
                request, _("Kontoen til %(name)s er avsluttet.") % {"name": display_name(member.user)} + " " + sessions
            )
            return redirect("staff:staff-list")
    return render(
        request,
        "staff/staff_deactivate.html",
        {"member": member, "name": display_name(member.user), "error": error, "nav": "staff"},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "POST"])
def staff_reset_second_factor(request, user_id):
    member = access.get_member_for_manager(request.user, user_id)
    name = display_name(member.user)
    return FormFlow(
        form=ConfirmPasswordForm(_posted(request)),
        save=lambda form: services.staff_reset_second_factor(
            actor=request.user, membership=member, password=form.cleaned_data["password"]
        ),
        success=_("Tofaktor for %(name)s er nullstilt. Ved neste innlogging må hun eller han sette opp appen på nytt.")
        % {"name": name},
        done=redirect("staff:staff-member", user_id=member.user_id),
        page=Page("staff/staff_reset_second_factor.html", {"member": member, "name": name, "nav": "staff"}),
    ).respond(request)


@require_POST
def staff_resend(request, user_id):
    member = access.get_member_for_manager(request.user, user_id)
    try:
        services.invitation_resend(actor=request.user, membership=member, base_url=_base_url(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except services.InvitationNotSent:
        _not_sent(request, display_name(member.user))
    else:
        messages.success(request, _("En ny invitasjon er sendt. Den forrige lenken virker ikke lenger."))
    return redirect("staff:staff-member", user_id=member.user_id)


# The invitation link


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    if request.user.is_authenticated:
        return render(request, "staff/invitation_logged_in.html", {})
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "staff/invitation_invalid.html", {}, status=404)

    def accept(form):
        user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        login(request, user, backend="boligplan.accounts.fastpath.StaffBackend")

    return FormFlow(
        form=SetPasswordForm(_posted(request), user=invitation.user),
        save=accept,
        success=None,
        # The second factor comes next: TwoFactorRequiredMiddleware sends a new account to enrolment.
        done=redirect("accounts:twofactor-enrol"),
        page=Page("staff/invitation_accept.html", {"invitation": invitation, "name": display_name(invitation.user)}),
        outcomes={
            services.InvitationInvalid: lambda _e: render(request, "staff/invitation_invalid.html", {}, status=404)
        },
    ).respond(request)


# The national operator


@require_GET
def operator_shelters(request):
    access.require_operator(request.user)
    return render(request, "staff/operator_shelters.html", {"rows": selectors.shelter_list(), "nav": "operator"})


@require_http_methods(["GET", "POST"])
def operator_shelter_create(request):
    access.require_operator(request.user)
    form = ShelterCreateForm(_posted(request))

    def create(form):
        data = form.cleaned_data
        return services.shelter_create(
            actor=request.user,
            name=data["name"],
            leader_email=data["leader_email"],
            leader_name=data["leader_name"],
            base_url=_base_url(request),
        )

    return FormFlow(
        form=form,
        save=create,
        success=lambda _sent: (
            _("%(shelter)s er opprettet, og invitasjonen er sendt til %(email)s.")
            % {"shelter": form.cleaned_data["name"], "email": form.cleaned_data["leader_email"]}
        ),
        done=lambda sent: redirect("staff:operator-shelter", shelter_id=sent.invitation.shelter_id),
        page=Page("staff/operator_shelter_create.html", {"nav": "operator"}),
        outcomes={
            services.InvitationNotSent: lambda _e: _not_sent(
                request, form.cleaned_data["leader_name"], redirect("staff:operator-shelters")
            )
        },
    ).respond(request)


@require_http_methods(["GET", "POST"])
def operator_shelter(request, shelter_id):
    """The shelter's staff and the log of staff changes; and inviting another leader."""
    shelter = access.get_shelter_for_operator(request.user, shelter_id)
    form = LeaderInviteForm(_posted(request))
    back = redirect("staff:operator-shelter", shelter_id=shelter.pk)

    def invite(form):
        data = form.cleaned_data
        return services.staff_invite(
            actor=request.user,
            shelter=shelter,
            email=data["email"],
            full_name=data["full_name"],
            role=Role.LEDER,
            base_url=_base_url(request),
        )

    return FormFlow(
        form=form,
        save=invite,
        success=lambda _sent: _("Invitasjonen er sendt til %(email)s.") % {"email": form.cleaned_data["email"]},
        done=back,
        page=Page(
            "staff/operator_shelter.html",
            lambda: {
                "shelter": shelter,
                "rows": selectors.staff_list(shelter_id=shelter.pk),
                "changes": selectors.staff_changes(shelter_id=shelter.pk),
                "nav": "operator",
            },
        ),
        outcomes={services.InvitationNotSent: lambda _e: _not_sent(request, form.cleaned_data["full_name"], back)},
    ).respond(request)


@require_GET
def operator_changes(request):
    access.require_operator(request.user)
    return render(
        request,
        "staff/operator_changes.html",
        {
            "changes": selectors.staff_changes(limit=200),
            "nav": "operator-log",
            "list_url": reverse("staff:operator-shelters"),
        },
    )
