"""The safety share of the shared test tables (see tests/parts/__init__.py)."""


def build(stay, actor, today) -> dict:
    return {}


ID_VIEWS: list = []
READ_ACTIONS: dict = {}
CASE_MODELS: list = []
