"""The lockout backend: django-axes, keyed by username plus address (see settings)."""

from axes.backends import AxesBackend


class LockoutBackend(AxesBackend):
    """Refuse a login for a username locked out from the requesting address.

    Every login form of the hub (the editors' admin, the front-end login) passes the request.
    Code that authenticates without one (a management command) has no address to key on, so it
    is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
