from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    """A text column stored encrypted; the ORM hands out plaintext.

    The database cannot compare, search, group or sort on it, by design: filter and order on
    other columns, and do anything that needs the text in Python. `max_length` limits the
    plaintext (checked by forms), not the stored ciphertext, which is about 1.4 × + 105 characters.
    A one-line input in forms; EncryptedLongTextField is the multi-line variant.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def formfield(self, **kwargs):
        # A single-line input in forms, like the CharField it replaces.
        from django import forms

        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)


class EncryptedLongTextField(EncryptedTextField):
    """An encrypted text column shown as a text area in forms, like the TextField it replaces."""

    def formfield(self, **kwargs):
        return models.TextField.formfield(self, **kwargs)
