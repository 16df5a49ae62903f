"""Acting through a signed link is recorded in Wagtail's audit trail (the admin's history of
the record), with the address it came from, so editors can see what a link holder did."""

from wagtail import hooks
from wagtail.log_actions import log

from cms.security.throttle import client_ip

SIGNED_LINK_ACTION = "hub.signed_link"


@hooks.register("register_log_actions")
def register_signed_link_action(actions):
    actions.register_action(
        SIGNED_LINK_ACTION, "Acted through a signed link", "Acted through a signed link"
    )


def signed_link_record(*, request, instance, what: str) -> None:
    log(
        instance=instance,
        action=SIGNED_LINK_ACTION,
        user=None,
        data={"what": what, "method": request.method, "ip": client_ip(request)},
    )
