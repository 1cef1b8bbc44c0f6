"""The dashboard's figures: each is a chart, the tables with its numbers, and a CSV download.

The statistics package computes; this package decides what is shown: titles, table columns, chart
descriptions. A figure is built from a Scope and a disclosure Policy, so the page, the CSV
download and the benchmark all run the same code. Every count goes through the policy
(disclosure.py): exact for a leader's own shelter, rounded and thresholded for the statistics
role — in tables, chart bars and chart descriptions alike, so no view can show more than another.

Adding a figure is one builder function appended to FIGURES (dashboard.py); the template, CSV
download and tests pick it up from there.

Modules: `base` (Num, Table, Chart, Figure and the policy-aware number helpers), one module of
builders per topic — `stays` (counts, assessment, agencies, length of stay, readiness),
`destinations`, `homes` (time to a home), `children` — and `dashboard` (FIGURES, all_figures,
dashboard_context). Import from the module itself; this package re-exports nothing.
"""
