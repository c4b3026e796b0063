# One date format per language, everywhere on the site and in its e-mails (FORMAT_MODULE_PATH).
# English, in the order Europe reads it: "2 December 2026", "2 December 2026, 18:50".
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
