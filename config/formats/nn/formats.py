"""Date formats for nynorsk (FORMAT_MODULE_PATH), as bokmål: the month names come from the translation.
Templates name a format, `|date:"SHORT_MONTH_DATE_FORMAT"`,
never write the letters, so each language states its own way here.

Django's own names (DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT) keep Django's nynorsk values; the
others are ours. Every language module defines every name: a name that a language lacks would be
printed as if it were a format.
"""

DATE_FORMAT = "j. F Y"  # 2. desember 2026
DATETIME_FORMAT = "j. F Y H:i"  # 2. desember 2026 14:05
MONTH_DAY_FORMAT = "j. F"  # 2. desember
SHORT_MONTH_DATE_FORMAT = "j. b. Y"  # 2. des. 2026
SHORT_MONTH_DAY_FORMAT = "j. b."  # 2. des.
SHORT_MONTH_DATETIME_FORMAT = "j. b. Y H:i"  # 2. des. 2026 14:05
SHORT_MONTH_DAY_TIME_FORMAT = "j. b. H:i"  # 2. des. 14:05
NUMERIC_DATE_FORMAT = "j.n.Y"  # 2.12.2026
