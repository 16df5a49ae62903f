import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert "backend" in body["search"]


@pytest.mark.django_db
def test_healthz_names_every_dependency_with_its_status_and_time(client):
    body = client.get("/healthz").json()
    for part in ("database", "cache", "mail", "search", "queues"):
        assert body[part]["status"] == "ok", part
        assert body[part]["ms"] >= 0, part
    assert body["queues"]["emails"] == {"pending": 0, "oldest_seconds": 0, "failed": 0}


@pytest.mark.django_db
def test_a_hung_mail_server_and_a_refusing_redis_degrade_but_never_stall_healthz(client, settings):
    import time

    from tests.processes import HungServer, free_port

    with HungServer() as hung:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hung.port
        settings.CACHES = {
            "default": {
                "BACKEND": "cms.cache_backends.FailSoftRedisCache",
                "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            }
        }
        started = time.perf_counter()
        response = client.get("/healthz")
        elapsed = time.perf_counter() - started
    body = response.json()
    assert response.status_code == 200, "the hub still serves"
    assert elapsed < 2.5, f"/healthz took {elapsed:.1f} s (its deadline is 1.5 s)"
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache", "mail"]
    assert body["database"]["status"] == "ok"


@pytest.mark.django_db
def test_an_email_given_up_on_shows_in_healthz(client):
    from intake.submissions.models import OutboundEmail

    OutboundEmail.objects.create(
        to=["someone@example.com"], subject="Hello", body_text="Hi", template="test",
        status=OutboundEmail.Status.FAILED,
    )  # fmt: skip
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["degraded"] == ["queues"]
    assert body["queues"]["emails"]["failed"] == 1
