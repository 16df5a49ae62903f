"""The address of the person behind a request, for rate limits and logs.

Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (0 by default: the hub is reached directly),
each proxy appends the address it received the request from to ``X-Forwarded-For``, so the
client is the entry that many places from the right. Entries further left were written by the
client itself and are never trusted, and without trusted proxies the header is ignored
altogether, so nobody can choose their own rate-limit bucket. (django-ipware counts proxies
that list themselves in the header, which the usual nginx or load-balancer set-up does not.)
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a socket with no peer)
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < trusted:
        return remote
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # a proxy that wrote something else: fall back to the socket
        return remote
