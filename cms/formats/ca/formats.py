# "E" is the month with its preposition: "de gener", "d'abril", "d'agost",
# "d'octubre" (core/dates.py declares these names; locale/ca translates them).
# Django's own Catalan catalogue gives the bare month for "E", which printed
# "16 desembre de 2026".
DATE_FORMAT = r"j E \d\e Y"
DATETIME_FORMAT = r"j E \d\e Y, G:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j E"
TIME_FORMAT = "G:i"
