"""Behind proxies, each visitor has a rate-limit bucket of their own; nobody can pick one by
sending X-Forwarded-For themselves."""

from django.test import RequestFactory

import pytest

from cms.client_address import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "", "10.0.0.9"),
        (0, "6.6.6.6", "10.0.0.9"),  # no trusted proxy: the header is the client's own words
        (1, "1.2.3.4", "1.2.3.4"),  # nginx in front, appending the address it saw
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a spoofed first entry is ignored
        (2, "1.2.3.4, 172.16.0.5", "1.2.3.4"),  # a CDN, then nginx
        (2, "1.2.3.4", "10.0.0.9"),  # fewer hops than proxies: the socket's address
        (1, "not-an-address", "10.0.0.9"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_is_counted_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_visitors_behind_one_proxy_do_not_share_a_rate_limit(client, settings, group_post):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.INTAKE_POST_RATE = "2/h"  # an hour: a minute window could roll over mid-test
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(2):
        client.post("/groups/register/", group_post, HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy)
    limited = client.post("/groups/register/", group_post, HTTP_X_FORWARDED_FOR="1.2.3.4", **proxy)
    assert limited.status_code == 429
    other = client.post("/groups/register/", group_post, HTTP_X_FORWARDED_FOR="5.6.7.8", **proxy)
    assert other.status_code != 429, "another visitor behind the same proxy has their own bucket"
    spoofed = client.post(
        "/groups/register/", group_post, HTTP_X_FORWARDED_FOR="9.9.9.9, 1.2.3.4", **proxy
    )
    assert spoofed.status_code == 429, "a made-up first entry does not escape the limit"
