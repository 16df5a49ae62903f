"""Generated input for every form and JSON endpoint of this app: never a 5xx, and nothing is
saved unless the submission was accepted."""

import json
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cms.editorial.models import CaseStudyIndexPage
from intake.engagement.models import ChampionSignup, EngagementRequest, SuccessStory
from intake.submissions import spam
from intake.submissions.models import OutboundEmail
from tests.forms import rendering
from tests.generated import examples

pytestmark = pytest.mark.django_db

EXAMPLES = examples(ci=40, thorough=500)
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

junk_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40
) | st.sampled_from(["", " ", "\x00", "a" * 6000, "<script>x</script>", "' OR 1=1 --", "=1+1"])
junk_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | junk_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(junk_text, inner, max_size=3),
    max_leaves=6,
)


def either(valid, junk=junk_text):
    """A valid value most of the time, so that accepted submissions are exercised too."""
    return st.one_of(st.just(valid), st.just(valid), junk)


def form_fields(valid: dict):
    return st.fixed_dictionaries({key: either(value) for key, value in valid.items()})


def spam_fields():
    """A rendering's hidden fields (mostly a good one) and the honeypot."""
    timing = st.one_of(
        st.builds(rendering),
        st.builds(rendering),
        st.builds(
            lambda good, bad: {**good, spam.TIMESTAMP_FIELD: bad},
            st.builds(rendering),
            st.just("") | junk_text,
        ),
    )
    honeypot = st.fixed_dictionaries(
        {spam.HONEYPOT_FIELD: st.sampled_from(["", "", "", "", "I am a bot"])}
    )
    return st.builds(lambda a, b: {**a, **b}, timing, honeypot)


@pytest.fixture
def client_without_limits(settings):
    settings.INTAKE_POST_RATE = "1000000/m"
    return Client()


def counts(model) -> tuple[int, int]:
    return model.objects.count(), OutboundEmail.objects.count()


def check_form(client, url, data, model):
    before = counts(model)
    response = client.post(url, data)
    after = counts(model)
    assert response.status_code < 500
    saved = response.status_code == 302 and not (data.get(spam.HONEYPOT_FIELD) or "").strip()
    assert after[0] - before[0] == (1 if saved else 0), response.content.decode()[:500]
    if not saved:
        assert after[1] == before[1]  # no email either
    return response


# --- HTML forms ---------------------------------------------------------------------------

REQUEST = {
    "organisation": "ons",
    "theme": "housing",
    "statistics": "Rents",
    "kind": "methods",
    "description": "How are rents measured?",
    "name": "A Person",
    "email": "a@example.org",
    "requester_organisation": "",
    "consent_to_publish": "on",
    "consent": "on",
}


@HYPOTHESIS
@given(fields=form_fields(REQUEST), spam_data=spam_fields())
def test_engagement_request_form(client_without_limits, fields, spam_data):
    check_form(
        client_without_limits,
        "/request-engagement/",
        {**fields, **spam_data},
        EngagementRequest,
    )


SIGNUP = {
    "name": "A Person",
    "email": "a@example.gov.uk",
    "role": "Statistician",
    "organisation": "dwp",
    "bio": "",
    "show_email": "on",
    "consent": "on",
}


@HYPOTHESIS
@given(
    fields=form_fields(SIGNUP),
    themes=either(["housing"], st.lists(junk_text, max_size=3)),
    spam_data=spam_fields(),
)
def test_champion_signup_form(client_without_limits, fields, themes, spam_data):
    check_form(
        client_without_limits,
        "/become-a-champion/",
        {**fields, "themes": themes, **spam_data},
        ChampionSignup,
    )


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


TINY_PNG = _tiny_png()

STORY = {
    "title": "A story",
    "organisation": "ons",
    "task": "t",
    "approach": "a",
    "outcome": "o",
    "lessons": "",
    "name": "A Person",
    "email": "a@example.org",
    "image_alt": "",
    "consent": "on",
}


@pytest.fixture
def case_study_index(home_page):
    index = CaseStudyIndexPage(title="Case studies", slug="case-studies")
    home_page.add_child(instance=index)
    return index


@HYPOTHESIS
@given(
    fields=form_fields(STORY),
    themes=either(["housing"], st.lists(junk_text, max_size=3)),
    goals=either(["collaborate"], st.lists(junk_text, max_size=3)),
    image=st.one_of(st.none(), st.none(), st.binary(max_size=300), st.just(TINY_PNG)),
    spam_data=spam_fields(),
)
def test_success_story_form(
    client_without_limits, case_study_index, fields, themes, goals, image, spam_data
):
    data = {**fields, "themes": themes, "goals": goals, **spam_data}
    if image is not None:
        data["image"] = SimpleUploadedFile("upload.png", image, content_type="image/png")
    check_form(client_without_limits, "/share-a-success/", data, SuccessStory)


# --- JSON endpoints -----------------------------------------------------------------------


def json_payload(valid: dict):
    fields = st.fixed_dictionaries({key: either(value, junk_json) for key, value in valid.items()})
    extra = st.dictionaries(junk_text, junk_json, max_size=2)
    return st.one_of(st.builds(lambda f, e: {**e, **f}, fields, extra), fields, fields, junk_json)


def check_json(client, url, payload, model):
    before = counts(model)
    response = client.post(url, json.dumps(payload), content_type="application/json")
    after = counts(model)
    assert response.status_code < 500
    assert after[0] - before[0] == (1 if response.status_code == 201 else 0)
    if response.status_code != 201:
        assert after[1] == before[1]
    assert response["Content-Type"].startswith("application/json")


API_REQUEST = {**REQUEST, "consent_to_publish": True, "consent": True}
API_SIGNUP = {**SIGNUP, "show_email": True, "consent": True, "themes": ["housing"]}
API_STORY = {
    **{k: v for k, v in STORY.items() if k != "image_alt"},
    "consent": True,
    "themes": ["housing"],
    "goals": ["collaborate"],
}


@HYPOTHESIS
@given(payload=json_payload(API_REQUEST))
def test_engagement_request_endpoint(client_without_limits, payload):
    check_json(client_without_limits, "/api/engagement-requests", payload, EngagementRequest)


@HYPOTHESIS
@given(payload=json_payload(API_SIGNUP))
def test_champion_signup_endpoint(client_without_limits, payload):
    check_json(client_without_limits, "/api/champion-signups", payload, ChampionSignup)


@HYPOTHESIS
@given(payload=json_payload(API_STORY))
def test_success_story_endpoint(client_without_limits, case_study_index, payload):
    check_json(client_without_limits, "/api/success-stories", payload, SuccessStory)


@HYPOTHESIS
@given(payload=st.one_of(st.fixed_dictionaries({"token": junk_text}), junk_json))
def test_status_endpoint(client_without_limits, payload):
    response = client_without_limits.post(
        "/api/engagement-requests/status", json.dumps(payload), content_type="application/json"
    )
    assert response.status_code in (404, 422)


@HYPOTHESIS
@given(page=junk_text)
def test_you_said_we_did_endpoint(client_without_limits, page):
    response = client_without_limits.get("/api/you-said-we-did", {"page": page})
    # A NUL anywhere in an API address is refused before the endpoint (400).
    assert response.status_code in ((400,) if "\x00" in page else (200, 422))


@settings(HYPOTHESIS, max_examples=examples(ci=20, thorough=100))
@given(page=junk_text, token=junk_text, prefix=st.sampled_from(["status", "handle", "sent"]))
def test_public_pages_never_fail(client_without_limits, page, token, prefix):
    assert client_without_limits.get("/you-said-we-did/", {"page": page}).status_code == 200
    path = f"/request-engagement/{prefix}/{quote(token, safe='') or 'x'}/"
    assert client_without_limits.get(path).status_code == 404


@pytest.fixture
def champion_path(db):
    from intake.engagement.links import champion_link
    from tests.engagement.factories import ChampionFactory, EngagementRequestFactory

    champion = ChampionFactory()
    item = EngagementRequestFactory()
    url = champion_link(engagement_request_id=item.id, champion_id=champion.id)
    return item, url.replace("http://testserver", "")


@HYPOTHESIS
@given(
    status=st.one_of(st.sampled_from(EngagementRequest.Status.values), junk_text),
    response=either("We are on it.", junk_text),
    start=st.sampled_from(EngagementRequest.Status.values),
)
def test_champion_update_form(client_without_limits, champion_path, status, response, start):
    from intake.engagement.models import EngagementStatusChange

    item, path = champion_path
    EngagementRequest.objects.filter(pk=item.pk).update(status=start)
    before = EngagementStatusChange.objects.filter(request=item).count(), counts(EngagementRequest)
    result = client_without_limits.post(path, {"status": status, "response": response})
    assert result.status_code in (200, 302)
    after = EngagementStatusChange.objects.filter(request=item).count(), counts(EngagementRequest)
    item.refresh_from_db()
    if result.status_code == 302:
        assert after[0] == before[0] + 1 and item.status == status
    else:
        assert after == before and item.status == start
