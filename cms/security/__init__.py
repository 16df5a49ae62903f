"""Defences shared by the whole hub: login lockout, throttled password forms, one input policy,
safe full-text search input, private uploads, bearer-link redaction and CSV cells safe in a
spreadsheet."""
