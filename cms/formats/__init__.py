"""How dates read in each language (``FORMAT_MODULE_PATH``).

Only the formats shown to people are set here; everything else (input formats,
separators) falls back to Django's own locale files. Templates and code use the
named formats (``DATE_FORMAT``, ``DATETIME_FORMAT``, ``YEAR_MONTH_FORMAT``,
``MONTH_DAY_FORMAT``, ``TIME_FORMAT``), never a literal such as ``"j F Y"``:
a literal is right in one language at most. See
docs/decisions/0019-one-register-per-language-and-dates.md.
"""
