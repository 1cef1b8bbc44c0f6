"""Who may have the morning digest: staff whose role sees the work queue. The digest counts from
the queue, so the rule is the queue's own (worklist/access.py), never a copy of it."""

from boligplan.worklist.access import can_read_queue, require_queue_reader

can_have_digest = can_read_queue
require_digest_reader = require_queue_reader
