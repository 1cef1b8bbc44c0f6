"""The statistics pages. They keep their names in the `reports` namespace (reports:dashboard, …):
config/urls.py includes these patterns together with the reports app's own."""

from django.urls import path

from . import views

urlpatterns = [
    path("statistikk/", views.dashboard, name="dashboard"),
    path("statistikk/figur/<slug:figure>.csv", views.figure_csv, name="figure-csv"),
    path("statistikk/nasjonal/opphold.csv", views.national_rows, name="national-rows"),
    path("statistikk/nasjonal/rapport.csv", views.national_report_csv, name="national-report-csv"),
    path("statistikk/nasjonal/rapport.pdf", views.national_report_pdf, name="national-report-pdf"),
]
