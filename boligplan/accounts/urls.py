from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("tofaktor/", views.twofactor_verify, name="twofactor-verify"),
    path("tofaktor/ny/", views.twofactor_enrol, name="twofactor-enrol"),
    path("okt/fortsett/", views.session_keepalive, name="session-keepalive"),
    path("konto/sprak/", views.language_choose, name="language"),
]
