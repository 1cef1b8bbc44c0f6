"""The project's models and their text columns, as the encryption-at-rest tests read them."""

from pathlib import Path

from django.apps import apps
from django.db import models

from boligplan.accounts.models import TOTPDevice
from boligplan.core.fields import EncryptedTextField

ROOT = Path(__file__).resolve().parents[2]


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("boligplan.")]


def text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not isinstance(f, EncryptedTextField)
    ]


def label(model, field) -> str:
    return f"{model._meta.label}.{field.name}"


def encrypted_fields():
    """(model, field) of every encrypted column but the TOTP key (checked on its own)."""
    return [
        (model, field)
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField) and not (model is TOTPDevice and field.name == "key")
    ]
