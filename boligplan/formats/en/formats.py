# English for staff: British day-month order, never the American month-first one, 24-hour clock.
DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "j M Y"  # 2 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y H:i"
MONTH_DAY_FORMAT = "j M"  # 2 Dec
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
