"""CSV cells that a spreadsheet will not run: the one CSV-injection guard (OWASP) for every
CSV the site writes (project downloads, participant lists)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str | int | float:
    """Text that starts like a formula gets a leading single quote. Numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
