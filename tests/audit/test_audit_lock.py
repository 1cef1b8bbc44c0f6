"""The chain's lock is held as briefly as the chain allows (ADR 0007): every other page waits on it.

That the lock still comes before the read of the chain's end, under concurrent writers, is
test_audit_chain.test_concurrent_writers_keep_one_chain.
"""

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from boligplan.audit.models import AuditEvent
from boligplan.audit.services import audit_record
from boligplan.core import pages


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the advisory lock is PostgreSQL's")
def test_a_row_costs_two_round_trips_under_the_lock(kari, shelter):
    audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk, read=True)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        audit_record(actor=kari, action="overview.viewed", obj=shelter, shelter_id=shelter.pk, read=True)
    sql = [query["sql"] for query in queries.captured_queries]
    # The lock and the chain's end in one query, lock first; then the insert.
    assert len(sql) == 2
    assert sql[0].index("pg_advisory_xact_lock") < sql[0].index("ORDER BY seq DESC")
    assert sql[1].startswith('INSERT INTO "audit_auditevent"')


def test_a_case_page_writes_its_read_row_after_rendering(kari, shelter, monkeypatch):
    # On PostgreSQL the request's transaction keeps the lock from the row to the end of the
    # request, so the page is rendered before the row, never while the lock is held.
    steps = []

    def render(request, template, context, status=200):
        steps.append(("render", AuditEvent.objects.count()))
        return HttpResponse("page", status=status)

    monkeypatch.setattr(pages, "render", render)
    request = RequestFactory().get("/")
    request.user = kari
    before = AuditEvent.objects.count()
    response = pages.render_case_page(request, "any.html", {}, action="overview.viewed", obj=shelter)
    assert response.content == b"page"
    assert steps == [("render", before)]
    assert AuditEvent.objects.count() == before + 1
