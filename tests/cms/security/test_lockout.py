"""Password guessing is limited: logins lock by username plus address, password forms throttle."""

import logging

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
EDITOR_DESK = "198.51.100.20"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser(
        username="editor", email="editor@userhub.example", password=PASSWORD
    )


def _admin_login(client, password, ip):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor", "password": password},
        REMOTE_ADDR=ip,
    )


def test_wrong_admin_passwords_lock_that_address_only(editor, settings, caplog):
    attacker = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _admin_login(attacker, f"guess-{attempt}", ATTACKER)
        assert response.status_code == 200, attempt  # the form again, with its error
    with caplog.at_level(logging.WARNING, logger="cms.security.lockout"):
        locked = _admin_login(attacker, "one-more-guess", ATTACKER)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert locked["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    lockouts = [r for r in caplog.records if r.name == "cms.security.lockout"]
    assert [r.message for r in lockouts] == ["login locked out"]
    assert (lockouts[0].ip, lockouts[0].username) == (ATTACKER, "editor")

    # Even the right password is refused from the attacker's address during the cool-off.
    still_locked = _admin_login(attacker, PASSWORD, ATTACKER)
    assert still_locked.status_code == 429
    assert "_auth_user_id" not in attacker.session

    # The real editor at another address signs in as usual.
    desk = Client()
    response = _admin_login(desk, PASSWORD, EDITOR_DESK)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert desk.session["_auth_user_id"] == str(editor.pk)
    assert desk.get(reverse("wagtailadmin_home"), REMOTE_ADDR=EDITOR_DESK).status_code == 200

    attempt = AccessAttempt.objects.get(ip_address=ATTACKER)
    assert attempt.username == "editor"
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT + 1  # with the right one


def test_another_username_from_the_same_address_is_not_locked(editor, settings):
    get_user_model().objects.create_user(username="second", password=PASSWORD)
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _admin_login(client, f"guess-{attempt}", ATTACKER)
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "second", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 302


def test_front_end_login_locks_by_username_and_address(editor, settings):
    url = reverse("wagtailcore_login")
    attacker = Client()
    statuses = [
        attacker.post(
            url, {"username": "editor", "password": f"guess-{n}"}, REMOTE_ADDR=ATTACKER
        ).status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429, 429]
    ok = Client().post(url, {"username": "editor", "password": PASSWORD}, REMOTE_ADDR=EDITOR_DESK)
    assert ok.status_code == 302


def test_page_password_form_is_throttled(home_page, settings):
    restriction = PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-page"
    )
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, home_page.pk])
    client = Client()
    statuses = [
        client.post(
            url, {"password": f"guess-{n}", "return_url": "/"}, REMOTE_ADDR=ATTACKER
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [200] * 10  # the password form again, with its error
    assert statuses[10:] == [429, 429]
    # Another address still gets in with the right password.
    ok = Client().post(url, {"password": "s3cret-page", "return_url": "/"}, REMOTE_ADDR=EDITOR_DESK)
    assert ok.status_code == 302


def test_password_reset_sends_a_few_emails_then_stops(editor):
    url = reverse("wagtailadmin_password_reset")
    client = Client()
    statuses = [
        client.post(url, {"email": "editor@userhub.example"}, REMOTE_ADDR=ATTACKER).status_code
        for _ in range(12)
    ]
    assert statuses == [302] * 3 + [429] * 9
    assert len(mail.outbox) == 3
