from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from boligplan.core.forms import StyledForm
from boligplan.core.roles import Role

NAME_MAX = 150


class InviteForm(StyledForm):
    full_name = forms.CharField(
        label=_lazy("Fullt navn"), max_length=NAME_MAX, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_lazy("E-postadresse"),
        max_length=254,
        help_text=_lazy("Invitasjonen sendes hit. Lenken virker én gang, i 72 timer."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_lazy("Rolle"), choices=[("", ""), *Role.choices])

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Skriv hele navnet."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class ShelterCreateForm(StyledForm):
    name = forms.CharField(label=_lazy("Senterets navn"), max_length=120)
    leader_name = forms.CharField(label=_lazy("Lederens fulle navn"), max_length=NAME_MAX)
    leader_email = forms.EmailField(
        label=_lazy("Lederens e-postadresse"),
        max_length=254,
        help_text=_lazy("Lederen får en invitasjon hit. Lenken virker én gang, i 72 timer."),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Skriv senterets navn."))
        return name

    def clean_leader_name(self):
        name = " ".join(self.cleaned_data["leader_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Skriv hele navnet."))
        return name

    def clean_leader_email(self):
        return self.cleaned_data["leader_email"].strip().lower()


class LeaderInviteForm(StyledForm):
    """The operator invites a (new) leader to a shelter that exists, e.g. after its leader left."""

    full_name = InviteForm.base_fields["full_name"]
    email = InviteForm.base_fields["email"]

    clean_full_name = InviteForm.clean_full_name
    clean_email = InviteForm.clean_email


class RoleForm(StyledForm):
    role = forms.ChoiceField(label=_lazy("Ny rolle"), choices=Role.choices)


class ConfirmPasswordForm(StyledForm):
    password = forms.CharField(
        label=_lazy("Ditt eget passord"),
        strip=False,
        help_text=_lazy("For å bekrefte at det er du som gjør dette."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _own_words(error: forms.ValidationError) -> forms.ValidationError:
    """Django's catalogue has no bokmål for every password rule; say those in our own words."""
    if error.code == "password_too_short":
        return forms.ValidationError(
            _("Passordet er for kort. Det må ha minst %(min_length)d tegn.") % error.params, code=error.code
        )
    return error


class SetPasswordForm(StyledForm):
    """The invited person's first password, checked by the instance's password rules."""

    password1 = forms.CharField(
        label=_lazy("Velg passord"),
        strip=False,
        help_text=_lazy("Minst 12 tegn. Bruk gjerne flere ord."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_lazy("Skriv passordet en gang til"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Passordene er ikke like."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", [_own_words(item) for item in error.error_list])
        return cleaned
