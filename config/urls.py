from django.urls import include, path

from boligplan.accounts import views as account_views
from boligplan.casepage import urls as casepage_urls
from boligplan.core import views as core_views
from boligplan.reports import urls as reports_urls
from boligplan.residents import urls as residents_urls
from boligplan.statistics import urls as statistics_urls

urlpatterns = [
    path("logg-inn/", account_views.LoginView.as_view(), name="login"),
    path("logg-ut/", account_views.LogoutView.as_view(), name="logout"),
    path("logg-inn/kommune/", account_views.municipal_start, name="municipal-login"),
    path("logg-inn/kommune/svar/", account_views.municipal_callback, name="municipal-callback"),
    path("", include("boligplan.accounts.urls")),
    path("helse/", core_views.health, name="health"),
    path("innstillinger/", core_views.shelter_settings, name="shelter-settings"),
    # The statistics pages have their own app (boligplan/statistics/); their URLs keep their names
    # in the reports namespace (reports:dashboard, …).
    path("", include((reports_urls.urlpatterns + statistics_urls.urlpatterns, reports_urls.app_name))),
    # The resident's page is put together above every app (boligplan/casepage/, ADR 0026); its
    # URLs keep their names in the residents namespace.
    path("", include((residents_urls.urlpatterns + casepage_urls.urlpatterns, residents_urls.app_name))),
    path("", include("boligplan.housing.urls")),
    path("", include("boligplan.children.urls")),
    path("", include("boligplan.audit.urls")),
    path("", include("boligplan.agencies.urls")),
    path("", include("boligplan.safety.urls")),
    path("", include("boligplan.rental.urls")),
    path("", include("boligplan.aftercare.urls")),
    path("", include("boligplan.worklist.urls")),
    path("", include("boligplan.mail.urls")),
    path("", include("boligplan.staff.urls")),
]
