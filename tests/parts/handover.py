"""The handover PDFs' share of the shared test tables (see tests/parts/__init__.py).

Both take the stay's id, so build() adds nothing; the canary follows both links from the
resident's page because their URLs end in .pdf.
"""

from ..id_views import GET_ONLY, IdView


def build(stay, actor, today) -> dict:
    return {}


ID_VIEWS: list = [
    IdView("reports:case-summary-pdf", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False, pdf=True),
    IdView("reports:resident-plan-pdf", lambda c: {"stay_id": c.stay.pk}, GET_ONLY, writes=False, pdf=True),
]
READ_ACTIONS: dict = {
    "reports:case-summary-pdf": "stay.summary_printed",
    "reports:resident-plan-pdf": "stay.resident_plan_printed",
}
CASE_MODELS: list = []
