"""Personal data across the hub: the registry of where it is kept (each app registers its own
models), export and erasure of one person's data, retention periods and the purge past them, and
the audit trail of all three. Lower than every app holding personal data: it imports none."""
