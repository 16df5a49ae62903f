"""Admin hooks of hubsecurity: the signed-link action in the audit trail."""

from hubsecurity.audit import register_signed_link_action  # noqa: F401  (registers the hook)
