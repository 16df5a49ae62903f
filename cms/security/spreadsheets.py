"""Cells of the CSV files the hub hands out, safe to open in a spreadsheet program."""

# A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets
# (OWASP's CSV injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """The cell's text, with a leading apostrophe when a spreadsheet would run it as a formula
    (a search someone typed, a name, a member's hopes)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text
