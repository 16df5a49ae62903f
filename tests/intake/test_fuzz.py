"""Generated input for every intake form and JSON endpoint: never a 5xx, and nothing is saved
when the input is invalid, through the real views and database (500 examples each in the
thorough profile)."""

import json
import string

from django.db import connection

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import links
from intake.models import GroupChange, Membership, ModerationDecision, UserGroup
from intake.submissions import spam, tokens
from intake.submissions.models import IdempotencyKey, OutboundEmail
from tests.forms import rendering
from tests.generated import examples
from tests.intake.factories import MembershipFactory, UserGroupFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=examples(ci=40, thorough=500),
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

THEMES = ["gdp", "construction-industry", "economy", "housing"]
ORGS = ["ons", "dft", "dbt"]
REGIONS = ["united-kingdom", "wales"]
AUDIENCES = ["journalists", "businesses"]

# What a browser can send: any text but lone surrogates (forms are decoded as UTF-8).
form_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
# What a JSON client can send: anything, lone surrogates included.
json_text = st.text(max_size=30)
json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | json_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def mostly(valid, junk):
    """Valid three times in four, so that valid submissions are exercised too."""
    return st.one_of(valid, valid, valid, junk)


def form_choice(options):
    return mostly(st.sampled_from(options), form_text)


def form_multi(options):
    return st.lists(form_choice(options), max_size=3)


@pytest.fixture
def fast_limits(settings):
    settings.INTAKE_POST_RATE = "1000000/m"


# Built only from model metadata and choice values, never from input.
_STATE_SQL = " UNION ALL ".join(
    [
        "SELECT 'groups', COUNT(*), MAX(updated_at) FROM intake_usergroup",
        *(
            f"SELECT 'group:{status}', COUNT(*), NULL FROM intake_usergroup "  # noqa: S608
            f"WHERE status = '{status}'"
            for status in UserGroup.Status.values
        ),
        *(
            f"SELECT 'member:{status}', COUNT(*), NULL FROM intake_membership "  # noqa: S608
            f"WHERE status = '{status}'"
            for status in Membership.Status.values
        ),
        *(
            f"SELECT '{model._meta.db_table}', COUNT(*), NULL FROM {model._meta.db_table}"  # noqa: S608
            for model in (GroupChange, ModerationDecision, OutboundEmail, IdempotencyKey)
        ),
    ]
)


def db_state() -> tuple:
    """Everything an intake request could write, summarised in one round trip: row counts per
    table and status, and the latest change to any group."""
    with connection.cursor() as cursor:
        cursor.execute(_STATE_SQL)
        return tuple(tuple(str(v) for v in row) for row in cursor.fetchall())


def timestamp_strategy():
    """A rendering's hidden fields: mostly a good one, sometimes a fresh, missing, forged or
    another rendering's timestamp."""
    another = rendering()[spam.TIMESTAMP_FIELD]
    return st.builds(rendering, st.just(120)) | st.builds(
        lambda good, bad: {**good, spam.TIMESTAMP_FIELD: bad},
        st.builds(rendering, st.just(120)),
        st.sampled_from(["", "junk", another, rendering(0)[spam.TIMESTAMP_FIELD]]),
    )


def honeypot_strategy():
    return st.one_of(st.just(""), st.just(""), st.just(""), form_text)


group_form = st.fixed_dictionaries(
    {},
    optional={
        "name": mostly(st.just("Fuzzed group"), form_text),
        "summary": mostly(st.just("A summary."), form_text),
        "description": mostly(st.just("A description."), form_text),
        "themes": form_multi(THEMES),
        "producing_organisations": form_multi(ORGS),
        "administering_body": form_choice(ORGS),
        "membership": form_choice(["open", "request", "invitation"]),
        "how_to_join": form_text,
        "meeting_frequency": form_choice(["monthly", "yearly"]),
        "format": form_choice(["online", "hybrid"]),
        "regions": form_multi(REGIONS),
        "audiences": form_multi(AUDIENCES),
        "website": mostly(st.just("https://example.gov.uk"), form_text),
        "contact_name": mostly(st.just("Team"), form_text),
        "contact_email": mostly(st.just("team@example.gov.uk"), form_text),
        "contact_email_public": form_text,
        "consent": mostly(st.just("on"), form_text),
        "carry_on": st.sampled_from(["", "1"]),
    },
)


def _check_form_post(response, before, data, success_location):
    assert response.status_code < 500
    succeeded = response.status_code == 302 and success_location in response.get("Location", "")
    if not succeeded or spam.honeypot_filled(data=data):
        assert db_state() == before, "nothing is saved for invalid or spam input"
    return succeeded


@FUZZ
@given(data=group_form, stamp=timestamp_strategy(), honeypot=honeypot_strategy())
def test_register_form(client, fast_limits, data, stamp, honeypot):
    data = {**data, **stamp, spam.HONEYPOT_FIELD: honeypot}
    before = db_state()
    response = client.post("/groups/register/", data)
    if _check_form_post(response, before, data, "/groups/register/sent/") and not honeypot.strip():
        assert UserGroup.objects.count() == sum(n for _s, n in before[0]) + 1


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "name": mostly(st.just("Ann"), form_text),
            "email": mostly(st.sampled_from(["a@example.org", "b@example.org"]), form_text),
            "organisation": form_text,
            "hopes": form_text,
            "consent": mostly(st.just("on"), form_text),
        },
    ),
    stamp=timestamp_strategy(),
    honeypot=honeypot_strategy(),
)
def test_join_form(client, fast_limits, data, stamp, honeypot, joinable_group):
    data = {**data, **stamp, spam.HONEYPOT_FIELD: honeypot}
    before = db_state()
    response = client.post(f"/groups/{joinable_group.slug}/join/", data)
    _check_form_post(response, before, data, "/join/sent/")


@FUZZ
@given(
    data=st.fixed_dictionaries(
        {}, optional={"email": mostly(st.just("lead@example.gov.uk"), form_text)}
    ),
    stamp=timestamp_strategy(),
    honeypot=honeypot_strategy(),
)
def test_manage_request_form(client, fast_limits, data, stamp, honeypot, joinable_group):
    data = {**data, **stamp, spam.HONEYPOT_FIELD: honeypot}
    before = db_state()
    response = client.post("/manage/", data)
    _check_form_post(response, before, data, "/manage/sent/")


@FUZZ
@given(data=group_form, stamp=timestamp_strategy(), honeypot=honeypot_strategy())
def test_manage_edit_form(client, fast_limits, data, stamp, honeypot, joinable_group):
    data = {**data, **stamp, spam.HONEYPOT_FIELD: honeypot}
    path = links.manage_link(group=joinable_group).replace("http://testserver", "")
    before = db_state()
    response = client.post(f"{path}edit/", data)
    _check_form_post(response, before, data, "?done=")


@FUZZ
@given(action=form_text, reason=form_text)
def test_admin_decision_form(client, editor, action, reason, joinable_group):
    client.force_login(editor)
    before = db_state()
    response = client.post(
        f"/admin/intake/usergroup/decide/{joinable_group.pk}/{action or 'x'}/", {"reason": reason}
    )
    assert response.status_code < 500
    assert db_state() == before, "a listed group is not waiting for a decision"


# --- JSON endpoints ----------------------------------------------------------------------------


@pytest.fixture
def joinable_group(db):
    group = UserGroupFactory(
        membership="request", contact_email="lead@example.gov.uk", name="Fuzz target"
    )
    return group


def json_body(fields: dict):
    """An object with each known field valid or anything at all, sometimes not an object."""
    obj = st.fixed_dictionaries({}, optional={k: mostly(v, json_value) for k, v in fields.items()})
    return st.one_of(obj, obj, obj, json_value)


def _post_json(client, path, body, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    raw = json.dumps(body) if not isinstance(body, bytes) else body
    return client.post(path, raw, content_type="application/json", headers=headers)


idempotency_keys = st.one_of(
    st.none(), st.text(alphabet=string.printable, max_size=8), st.sampled_from(["k1", "k2"])
)

GROUP_JSON = {
    "name": st.just("Fuzzed API group"),
    "summary": st.just("Summary."),
    "description": st.just("Description."),
    "themes": st.lists(st.sampled_from(THEMES), min_size=1, max_size=2),
    "producing_organisations": st.lists(st.sampled_from(ORGS), min_size=1, max_size=2),
    "administering_body": st.sampled_from(ORGS),
    "membership": st.sampled_from(["open", "request", "invitation"]),
    "how_to_join": json_text,
    "meeting_frequency": st.just("yearly"),
    "format": st.just("online"),
    "regions": st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2),
    "audiences": st.lists(st.sampled_from(AUDIENCES), max_size=2),
    "website": st.sampled_from(["", "https://example.gov.uk"]),
    "contact_name": st.just("Team"),
    "contact_email_public": st.booleans(),
}


def _check_json(response, before, ok_statuses=(200, 201, 202)):
    assert response.status_code < 500, response.content[:300]
    if response.status_code not in ok_statuses:
        assert db_state() == before
    else:
        assert response["Content-Type"].startswith("application/json")


@FUZZ
@given(
    body=json_body(
        {**GROUP_JSON, "contact_email": st.just("api@example.gov.uk"), "consent": st.booleans()}
    ),
    key=idempotency_keys,
)
def test_api_register(client, fast_limits, body, key):
    before = db_state()
    _check_json(_post_json(client, "/api/groups", body, key), before)


@FUZZ
@given(body=json_body({"name": json_text, "description": json_text}))
def test_api_similar(client, fast_limits, body, joinable_group):
    before = db_state()
    _check_json(_post_json(client, "/api/groups/similar", body), before)
    assert db_state() == before


@FUZZ
@given(
    body=json_body(
        {
            "name": st.just("Ann"),
            "email": st.sampled_from(["a@example.org", "b@example.org"]),
            "organisation": json_text,
            "hopes": json_text,
            "consent": st.booleans(),
        }
    ),
    key=idempotency_keys,
)
def test_api_join(client, fast_limits, body, key, joinable_group):
    before = db_state()
    _check_json(_post_json(client, f"/api/groups/{joinable_group.slug}/join", body, key), before)


@FUZZ
@given(body=json_body({"email": st.sampled_from(["lead@example.gov.uk", "x@example.org"])}))
def test_api_manage_request(client, fast_limits, body, joinable_group):
    before = db_state()
    _check_json(_post_json(client, "/api/manage/request", body), before)


@pytest.fixture
def link_tokens(joinable_group):
    pending = UserGroupFactory(status="pending", email_verified_at=None)
    member = MembershipFactory(group=joinable_group, status="unconfirmed")
    waiting = MembershipFactory(group=joinable_group, status="pending")
    return {
        "verify": tokens.token_make(purpose="group-verify", payload=str(pending.public_id)),
        "confirm": tokens.token_make(purpose="membership-confirm", payload=str(member.public_id)),
        "leave": tokens.token_make(purpose="leave", payload=str(member.public_id)),
        "manage": links.manage_link(group=joinable_group).rstrip("/").rsplit("/", 1)[-1],
        "waiting_id": waiting.pk,
    }


TOKEN_ENDPOINTS = {
    "/api/groups/verify": "verify",
    "/api/memberships/confirm": "confirm",
    "/api/memberships/leave": "leave",
    "/api/manage/listing": "manage",
    "/api/manage/confirm-current": "manage",
    "/api/manage/archive": "manage",
}


@pytest.mark.parametrize("path", list(TOKEN_ENDPOINTS))
@FUZZ
@given(data=st.data())
def test_api_token_endpoints(client, fast_limits, link_tokens, path, data):
    valid = link_tokens[TOKEN_ENDPOINTS[path]]
    body = data.draw(json_body({"token": st.sampled_from([valid, valid[:-2], valid + "x"])}))
    before = db_state()
    _check_json(_post_json(client, path, body), before)


@FUZZ
@given(data=st.data())
def test_api_manage_edit(client, fast_limits, link_tokens, data):
    body = data.draw(json_body({**GROUP_JSON, "token": st.just(link_tokens["manage"])}))
    before = db_state()
    _check_json(_post_json(client, "/api/manage/edit", body), before)


@FUZZ
@given(data=st.data())
def test_api_membership_decision(client, fast_limits, link_tokens, data):
    member_id = data.draw(
        st.one_of(st.just(link_tokens["waiting_id"]), st.integers(-5, 10**12), form_text)
    )
    body = data.draw(
        json_body(
            {
                "token": st.just(link_tokens["manage"]),
                "decision": st.sampled_from(["accept", "decline", "maybe"]),
            }
        )
    )
    before = db_state()
    path = f"/api/manage/memberships/{member_id}/decision".replace("#", "").replace("?", "")
    response = _post_json(client, path.replace("/", "/", 3), body)
    assert response.status_code < 500
    if response.status_code != 200:
        assert db_state() == before
