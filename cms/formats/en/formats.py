# British order, full month names and a 24-hour clock, like the other two
# languages (Django's default English is "Dec. 4, 2026, 9:05 a.m.").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
