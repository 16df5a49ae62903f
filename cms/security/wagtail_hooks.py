"""Security in the admin: the signed-link action in the audit trail."""

from cms.security.audit import register_signed_link_action  # noqa: F401  (registers the hook)
