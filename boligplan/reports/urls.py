from django.urls import path

from . import statistics_views, views

app_name = "reports"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("opphold/<uuid:stay_id>/hvem-gjor-hva/", views.stay_responsibilities, name="stay-responsibilities"),
    path("opphold/<uuid:stay_id>/saksoppsummering.pdf", views.case_summary_pdf, name="case-summary-pdf"),
    path("opphold/<uuid:stay_id>/min-boligplan.pdf", views.resident_plan_pdf, name="resident-plan-pdf"),
    path("statistikk/", statistics_views.dashboard, name="dashboard"),
    path("statistikk/figur/<slug:figure>.csv", statistics_views.figure_csv, name="figure-csv"),
    path("statistikk/nasjonal/opphold.csv", statistics_views.national_rows, name="national-rows"),
    path("statistikk/nasjonal/rapport.csv", statistics_views.national_report_csv, name="national-report-csv"),
    path("statistikk/nasjonal/rapport.pdf", statistics_views.national_report_pdf, name="national-report-pdf"),
]
