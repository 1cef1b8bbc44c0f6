from django.urls import include, path

from boligplan.accounts import views as account_views
from boligplan.core import views as core_views

urlpatterns = [
    path("logg-inn/", account_views.LoginView.as_view(), name="login"),
    path("logg-ut/", account_views.LogoutView.as_view(), name="logout"),
    path("", include("boligplan.accounts.urls")),
    path("helse/", core_views.health, name="health"),
    path("innstillinger/", core_views.shelter_settings, name="shelter-settings"),
    path("", include("boligplan.reports.urls")),
    path("", include("boligplan.residents.urls")),
    path("", include("boligplan.housing.urls")),
    path("", include("boligplan.children.urls")),
    path("", include("boligplan.audit.urls")),
    path("", include("boligplan.agencies.urls")),
    path("", include("boligplan.safety.urls")),
    path("", include("boligplan.rental.urls")),
    path("", include("boligplan.aftercare.urls")),
    path("", include("boligplan.worklist.urls")),
    path("", include("boligplan.staff.urls")),
]
