"""Every lockout is logged as one structured line."""

import logging

from django.dispatch import receiver

from axes.signals import user_locked_out

logger = logging.getLogger("cms.security.lockout")


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs) -> None:
    logger.warning(
        "login locked out",
        extra={"username": username, "ip": ip_address, "path": getattr(request, "path", "")},
    )
