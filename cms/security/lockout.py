"""What a locked-out person sees: a readable page, not a bare status line."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "hubsecurity/locked_out.html", {"cooloff_minutes": seconds // 60}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
