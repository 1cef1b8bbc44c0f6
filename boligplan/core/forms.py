"""Form helpers shared by every app: Designsystemet markup and error wiring."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Adds Designsystemet classes.

    Django itself marks invalid fields (aria-invalid) and points aria-describedby at
    `<id>_helptext` and `<id>_error`; includes/field.html gives those ids to the texts.
    """

    # Fields with a few short answers (yes / no / uncertain) shown as a radio group: every answer
    # is visible and one tap chooses it, where a drop-down needs two and hides the options. The
    # names and values stay those of the select, so what is posted does not change.
    radio_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.MultipleChoiceField | forms.ModelChoiceField
            ):
                if name in self.radio_fields:
                    # A radio cannot be unticked, so "no answer yet" is an answer of its own.
                    field.widget = forms.RadioSelect()
                    field.choices = [
                        (value, _("Ikke besvart") if value == "" else label) for value, label in field.choices
                    ]
                else:
                    # Django's "---------" means nothing to a reader; say what the blank choice is.
                    field.choices = [(value, _("Velg …") if value == "" else label) for value, label in field.choices]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            css = "ds-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded with (see core/concurrency.py)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=1, widget=forms.HiddenInput, **kwargs)


class StyledModelForm(StyledForm, forms.ModelForm):
    pass


class VersionedModelForm(StyledModelForm):
    """A model form that carries the version of the record it was loaded with."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"] = VersionField()
        if self.instance is not None and self.instance.pk is not None and not self.instance._state.adding:
            self.fields["version"].initial = self.instance.version

    def values(self) -> dict:
        """The cleaned input without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to the field it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def today() -> datetime.date:
    return timezone.localdate()


def not_in_future(value: datetime.date | None, message: str | None = None) -> None:
    if value is not None and value > today():
        raise ValidationError(message or _("Datoen kan ikke være fram i tid."))


class ShelterSettingsForm(StyledForm):
    version = VersionField()
    assessment_due_days = forms.IntegerField(
        label=_lazy("Frist for boligkartlegging"),
        help_text=_lazy(
            "Antall dager etter ankomst. Kartlegginger som ikke er fullført innen fristen, vises som forsinket."
        ),
        min_value=0,
        max_value=60,
    )


def with_version(data, version: int):
    """A copy of submitted form data that carries `version`: for re-showing a form after a conflict."""
    copy = data.copy()
    copy["version"] = str(version)
    return copy


def split_version(cleaned_data: dict) -> tuple[dict, int | None]:
    """(the form's values without the version, the version it was loaded with)."""
    values = {name: value for name, value in cleaned_data.items() if name != "version"}
    return values, cleaned_data.get("version")
