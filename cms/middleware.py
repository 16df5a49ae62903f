"""Project middleware."""

from csp.middleware import CSPMiddleware, PolicyParts

# Wagtail's admin widgets (choosers, inline panels, date pickers) still emit inline scripts,
# so only the editors' admin gets 'unsafe-inline'. The public site never does.
ADMIN_PREFIXES = ("/admin/",)


class HubCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(ADMIN_PREFIXES):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), "'unsafe-inline'"]
            parts.update = update
        return parts
