"""Date formats for English (FORMAT_MODULE_PATH): the same names as config/formats/nb, in British
order (day, month, year) as the English resident plan writes them."""

DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y H:i"  # 2 December 2026 14:05
MONTH_DAY_FORMAT = "j F"  # 2 December
SHORT_MONTH_DATE_FORMAT = "j M Y"  # 2 Dec 2026
SHORT_MONTH_DAY_FORMAT = "j M"  # 2 Dec
SHORT_MONTH_DATETIME_FORMAT = "j M Y H:i"  # 2 Dec 2026 14:05
SHORT_MONTH_DAY_TIME_FORMAT = "j M H:i"  # 2 Dec 14:05
NUMERIC_DATE_FORMAT = "j/n/Y"  # 2/12/2026
