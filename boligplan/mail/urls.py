from django.urls import path

from . import views

app_name = "mail"

urlpatterns = [
    path("konto/morgenoversikt/", views.digest_settings, name="settings"),
]
