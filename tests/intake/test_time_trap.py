"""The time trap on the intake forms: invisible to a quick person (autofill sends a form within
two or three seconds), still refusing what a bot sends, and never losing what was typed."""

import time

import pytest
from bs4 import BeautifulSoup

from intake import spam
from intake.models import UserGroup

pytestmark = pytest.mark.django_db


def _timestamp(seconds_ago: float) -> str:
    return spam.timestamp_issue(now=time.time() - seconds_ago)


def test_a_form_sent_two_seconds_after_loading_is_accepted(client, group_post):
    group_post[spam.TIMESTAMP_FIELD] = _timestamp(2)
    response = client.post("/groups/register/", group_post)
    assert response.status_code == 302, "a person using autofill was refused"
    assert UserGroup.objects.filter(name=group_post["name"]).count() == 1


def test_a_form_sent_in_under_a_second_is_refused_and_keeps_every_answer(client, group_post):
    group_post[spam.TIMESTAMP_FIELD] = _timestamp(0.2)
    response = client.post("/groups/register/", group_post)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This form was sent too quickly" in html
    assert not UserGroup.objects.exists()
    # Everything typed is still in the form, ready to send again.
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", {"name": "name"})["value"] == group_post["name"]
    assert soup.find("input", {"name": "website"})["value"] == group_post["website"]
    assert "We discuss new breakdowns" in soup.find("textarea", {"name": "description"}).text
    checked = {box["value"] for box in soup.select("input[name=themes][checked]")}
    assert checked == set(group_post["themes"])


def test_a_quick_form_with_links_in_its_answers_is_refused(client, group_post):
    group_post[spam.TIMESTAMP_FIELD] = _timestamp(2)
    group_post["description"] = "Cheap offers at https://spam.example and www.spam.example"
    response = client.post("/groups/register/", group_post)
    assert "This form was sent too quickly" in response.content.decode()
    assert not UserGroup.objects.exists()


def test_the_same_answers_sent_at_a_human_pace_are_accepted(client, group_post):
    group_post[spam.TIMESTAMP_FIELD] = _timestamp(5)
    group_post["description"] = "Our papers are at https://www.gov.uk/rural-transport."
    response = client.post("/groups/register/", group_post)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"description": "Plain words only"}, False),
        ({"description": "See http://x.example"}, True),
        ({"summary": "Visit WWW.EXAMPLE.COM"}, True),
        ({"website": "https://www.gov.uk"}, False),  # a web address field is meant for links
        ({spam.HONEYPOT_FIELD: "http://bot.example"}, False),  # the honeypot has its own check
    ],
)
def test_links_in_free_text_are_the_signal(data, expected):
    assert spam.looks_automated(data=data, skip=("website",)) is expected
