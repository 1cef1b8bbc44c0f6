from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("opphold/<uuid:stay_id>/hvem-gjor-hva/", views.stay_responsibilities, name="stay-responsibilities"),
    path("opphold/<uuid:stay_id>/saksoppsummering.pdf", views.case_summary_pdf, name="case-summary-pdf"),
    path("opphold/<uuid:stay_id>/min-boligplan.pdf", views.resident_plan_pdf, name="resident-plan-pdf"),
]
