# Bokmål dates as the templates have always written them; the rest is Django's nb module.
# Templates name these formats (|date:"SHORT_DATE_FORMAT"), so each language writes its own.
DATE_FORMAT = "j. F Y"  # 2. desember 2026
DATETIME_FORMAT = "j. F Y H:i"
SHORT_DATE_FORMAT = "j. b. Y"  # 2. des. 2026
SHORT_DATETIME_FORMAT = "j. b. Y H:i"
MONTH_DAY_FORMAT = "j. b."  # 2. des.
