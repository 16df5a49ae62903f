"""The admin lockout over real HTTP, from two real client addresses (127.0.0.2 guesses, 127.0.0.3
is the editor's desk): wrong passwords lock the account from the guessing address only, and
the right password from the other address still signs in."""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlparse

from django.conf import settings

import pytest

pytestmark = pytest.mark.django_db

ATTACKER = "127.0.0.2"
EDITOR_DESK = "127.0.0.3"
PASSWORD = "correct-horse-battery"
LOGIN = "/admin/login/"
CREATE_EDITOR = (
    "from django.contrib.auth import get_user_model;"
    "get_user_model().objects.create_superuser('editor', 'editor@userhub.example', "
    f"{PASSWORD!r})"
)


class Browser:
    """One client address with its own cookies, speaking HTTP/1.1 to the hub."""

    def __init__(self, base_url: str, address: str):
        url = urlparse(base_url)
        self.host, self.port, self.address = url.hostname, url.port, address
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=15, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def sign_in(self, password: str):
        _response, form = self.request("GET", LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        return self.request(
            "POST",
            LOGIN,
            {"csrfmiddlewaretoken": token, "username": "editor", "password": password},
        )


def test_wrong_passwords_lock_the_guessing_address_only(live_hub):
    live_hub.run_django(CREATE_EDITOR)
    attacker = Browser(live_hub.base_url, ATTACKER)
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response, page = attacker.sign_in(f"guess-{attempt}")
        assert response.status == 200, (attempt, response.status)  # the form, with its error
    response, page = attacker.sign_in("one-more-guess")
    assert response.status == 429, response.status
    assert "Too many sign-in attempts" in page
    assert response.getheader("Retry-After")
    # During the cool-off even the right password is refused from that address.
    response, _page = attacker.sign_in(PASSWORD)
    assert response.status == 429

    desk = Browser(live_hub.base_url, EDITOR_DESK)
    response, _page = desk.sign_in(PASSWORD)
    assert response.status == 302, response.status
    assert response.getheader("Location") == "/admin/"
    response, _page = desk.request("GET", "/admin/")
    assert response.status == 200
