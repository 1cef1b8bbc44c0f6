# Nynorsk dates: written as in bokmål (the month names come from Django's nn catalogue).
from boligplan.formats.nb.formats import (  # noqa: F401
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
)
