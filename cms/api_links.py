"""OpenAPI links between the hub's operations: where a response's values lead next.

A client (and schemathesis's stateful phase) follows them: the slug a listing returns opens the
group's page and its join endpoint, a new engagement request's token opens its status. Each
operation declares its links next to its route with ``openapi_extra=linked(...)``.
"""


def link(operation_id: str, description: str, *, parameters=None, request_body=None) -> dict:
    """One link: ``parameters`` maps the target's parameters, ``request_body`` its body, to
    runtime expressions such as ``$response.body#/slug``."""
    target = {"operationId": operation_id, "description": description}
    if parameters:
        target["parameters"] = parameters
    if request_body is not None:
        target["requestBody"] = request_body
    return target


def linked(status: int, **links: dict) -> dict:
    """The ``openapi_extra`` of an operation whose ``status`` response carries these links."""
    return {"responses": {status: {"links": links}}}


GROUP_DETAIL = "intake_api_group_detail"
GROUP_JOIN = "intake_api_group_join"


def group_links(slug: str) -> dict:
    """Where a group's slug leads: its listing and its join endpoint."""
    return {
        "GroupDetail": link(
            GROUP_DETAIL, "The group's listing (404 until an editor lists it).",
            parameters={"slug": slug},
        ),
        "JoinGroup": link(GROUP_JOIN, "Ask to join the group.", parameters={"slug": slug}),
    }  # fmt: skip
