"""The pathway apps' share of the shared test tables (tests/helpers.py).

Each module here describes one app for the access matrix, the audit tests and the canary:
  build(stay, actor, today) -> dict   one of each object its views take an id of, by name;
                                      a view's URL kwarg is "<name>_id" (the canary relies on it)
  ID_VIEWS                            IdView entries for every URL of the app with a uuid
  READ_ACTIONS                        {url name: audit action} where a page is not "stay.viewed"
  CASE_MODELS                         the app's models holding case data (nothing-saved checks)
"""

from . import aftercare, handover, letters, rental, safety, worklist

PARTS = (letters, safety, rental, aftercare, worklist, handover)
