"""Every public form and page: valid input, each invalid case, honeypot, timing and rate limit."""

import re

import pytest

from intake.models import GroupChange, Membership, UserGroup
from intake.privacy.retention import retention_period_text
from intake.submissions import spam
from tests.forms import (
    assert_error_summary_follows_the_page,
    offered_values,
    rendering,
    theme_slugs_in_tree_order,
)
from tests.intake.factories import MembershipFactory, UserGroupFactory
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _error_summary(response) -> str:
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    return html


class TestRegisterForm:
    def test_form_renders_gov_uk_markup_without_javascript(self, client):
        response = client.get("/groups/register/")
        html = response.content.decode()
        assert response.status_code == 200
        assert 'class="govuk-fieldset"' in html
        assert 'name="themes"' in html and "govuk-checkboxes__input" in html
        assert 'autocomplete="email"' in html
        assert 'autocomplete="name"' in html
        assert 'id="privacy-notice"' in html
        assert (
            f"delete them {retention_period_text('closed_listings')} after the listing" in html
        ), "the retention period is on the form"
        assert 'name="nickname"' in html and 'aria-hidden="true"' in html
        assert 'name="form_started"' in html
        assert "<script>" not in html.replace("<script src=", "").replace(
            '<script type="module" src=', ""
        ), "no inline script"

    @pytest.mark.parametrize("path", ["/groups/register/", "manage_edit"])
    def test_themes_are_offered_in_tree_order(self, client, path):
        if path == "manage_edit":
            path = f"{_manage_path(UserGroupFactory())}edit/"
        offered = offered_values(client.get(path), "themes")
        assert offered == theme_slugs_in_tree_order()
        assert offered.index("census") + 1 == offered.index("ageing")

    def test_valid_registration_without_similar_groups(self, client, group_post):
        response = client.post("/groups/register/", group_post)
        assert response.status_code == 302
        assert UserGroup.objects.count() == 1

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "", "Enter the name of the group."),
            ("name", "x" * 201, "Group name must be 200 characters or fewer."),
            ("summary", "", "Enter a one-sentence summary of what the group does."),
            ("description", "", "Enter a description of the group."),
            ("themes", [], "Select at least one theme the group covers."),
            ("themes", ["no-such-theme"], "Select themes from the list."),
            ("producing_organisations", [], "Select at least one organisation"),
            ("administering_body", "", "Select the organisation that runs the group."),
            ("administering_body", "nope", "Select the organisation that runs the group from"),
            ("membership", "", "Select who can join the group."),
            ("membership", "everyone", "Select who can join the group from the list."),
            ("meeting_frequency", "", "Select how often the group meets."),
            ("format", "", "Select how the group meets."),
            ("regions", [], "Select at least one nation or region"),
            ("website", "not a url", "Enter the website address in the correct format"),
            ("contact_name", "", "Enter the name of the person or team to contact."),
            ("contact_email", "", "Enter the contact email address."),
            ("contact_email", "nobody@", "Enter an email address in the correct format"),
            ("consent", "", "Confirm you agree to us storing these details"),
            ("name", "bad\x00byte", "must not include hidden characters"),
        ],
    )
    def test_each_invalid_answer_is_explained(self, client, group_post, field, value, message):
        group_post[field] = value
        response = client.post("/groups/register/", group_post)
        assert response.status_code == 200
        html = _error_summary(response)
        assert message in html.replace("&#x27;", "'")
        assert "<title>Error: " in html
        assert not UserGroup.objects.exists()

    def test_invitation_only_needs_how_to_contact(self, client, group_post):
        group_post.update(membership="invitation", how_to_join="")
        response = client.post("/groups/register/", group_post)
        assert "Enter how people can contact the group" in _error_summary(response)

    def test_the_next_meeting_cannot_be_typed_it_comes_from_the_meetings(self, client, group_post):
        body = client.get("/groups/register/").content.decode()
        assert "next_meeting" not in body and "Date of the next meeting" not in body
        # A date posted anyway (an old form, a script) is not stored.
        group_post.update(
            next_meeting="2099-03-12T14:00:00+00:00",
            next_meeting_date_0="12",
            next_meeting_date_1="3",
            next_meeting_date_2="2099",
        )
        client.post("/groups/register/", group_post)
        assert UserGroup.objects.get().next_meeting is None

    def test_honeypot_shows_success_and_saves_nothing(self, client, group_post):
        group_post[spam.HONEYPOT_FIELD] = "http://spam.example"
        response = client.post("/groups/register/", group_post, follow=True)
        assert response.status_code == 200
        assert b"Check your email" in response.content
        assert not UserGroup.objects.exists()

    def test_too_fast_is_refused_with_a_readable_message(self, client, group_post):
        group_post.update(rendering(0))
        response = client.post("/groups/register/", group_post)
        assert "This form was sent too quickly" in _error_summary(response)
        assert not UserGroup.objects.exists()

    @pytest.mark.parametrize("value", ["", "forged", "1700000000"])
    def test_missing_or_forged_timestamp_is_refused(self, client, group_post, value):
        group_post[spam.TIMESTAMP_FIELD] = value
        response = client.post("/groups/register/", group_post)
        html = _error_summary(response)
        assert "This form has expired" in html
        assert f'value="{value}"' not in html or not value, "a fresh timestamp is issued"
        assert not UserGroup.objects.exists()

    def test_rate_limit_answers_429_with_a_readable_page(self, client, group_post, settings):
        # An hourly window: a minute window can roll over mid-test and reset the count.
        settings.INTAKE_POST_RATE = "3/h"
        group_post["name"] = ""  # invalid posts count too
        for _ in range(3):
            assert client.post("/groups/register/", group_post).status_code == 200
        response = client.post("/groups/register/", group_post)
        assert response.status_code == 429
        assert b"You have sent this form too many times" in response.content
        assert b"govuk-heading-l" in response.content
        # Another address is not limited.
        other = client.post("/groups/register/", group_post, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200

    def test_similar_groups_are_shown_before_registering(self, client, group_post):
        existing = UserGroupFactory(
            name="Rural transport statistics users forum", membership="request"
        )
        response = client.post("/groups/register/", group_post)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Similar groups are already listed" in html
        assert f'href="/groups/{existing.slug}/join/"' in html
        assert "Join this group instead" in html
        assert UserGroup.objects.count() == 1, "nothing registered yet"

        # Carrying on re-sends the same answers from hidden fields.
        carry_on = {"carry_on": "1"}
        for key, value in group_post.items():
            carry_on[key] = value
        response = client.post("/groups/register/", carry_on)
        assert response.status_code == 302
        assert UserGroup.objects.count() == 2

    def test_check_page_escapes_what_was_typed(self, client, group_post):
        UserGroupFactory(name="Rural transport statistics user forum")
        group_post["description"] = '"><script>alert(1)</script>'
        response = client.post("/groups/register/", group_post)
        assert b"<script>alert(1)" not in response.content
        assert b"&lt;script&gt;" in response.content


class TestPublicPages:
    def test_directory_lists_only_listed_groups(self, client):
        listed = UserGroupFactory()
        hidden = [
            UserGroupFactory(status=status)
            for status in ("pending", "rejected", "archived", "changes_requested")
        ]
        html = client.get("/groups/").content.decode()
        assert listed.name in html
        for group in hidden:
            assert group.name not in html
            assert client.get(f"/groups/{group.slug}/").status_code == 404

    def test_browse_by_theme_includes_child_themes(self, client):
        construction = UserGroupFactory(themes=[Theme.objects.get(slug="construction-industry")])
        education = UserGroupFactory(themes=[Theme.objects.get(slug="education-and-childcare")])
        html = client.get("/groups/?theme=business-industry-and-trade").content.decode()
        assert construction.name in html
        assert education.name not in html
        assert "Business, industry and trade (1)" in html
        assert 'href="?theme=construction-industry"' in html, "child themes narrow the list"

    def test_unknown_theme_and_bad_page_do_not_fail(self, client):
        UserGroupFactory()
        assert client.get("/groups/?theme=nope&page=zzz").status_code == 200
        assert client.get("/groups/?page=99999").status_code == 200

    def test_directory_query_count_does_not_grow(
        self, client, settings, django_assert_max_num_queries
    ):
        settings.HUB_PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache
        UserGroupFactory.create_batch(3)
        client.get("/groups/")  # warm caches (theme tree, site settings)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            client.get("/groups/")
        UserGroupFactory.create_batch(15)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get("/groups/")

    def test_group_page_shows_user_text_as_text(self, client):
        group = UserGroupFactory(description="<img src=x onerror=alert(1)>\nSecond line")
        html = client.get(f"/groups/{group.slug}/").content.decode()
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html

    def test_invitation_only_group_shows_how_to_contact_instead(self, client):
        group = UserGroupFactory(
            membership="invitation",
            how_to_join="Write to the chair.",
            contact_email_public=True,
            contact_email="chair@example.gov.uk",
        )
        page = client.get(f"/groups/{group.slug}/").content.decode()
        assert "invitation only" in page
        assert f"/groups/{group.slug}/join/" not in page
        join = client.get(f"/groups/{group.slug}/join/")
        assert b"Write to the chair." in join.content
        assert b"chair@example.gov.uk" in join.content
        assert b'name="email"' not in join.content

    def test_hidden_contact_email_stays_hidden(self, client):
        group = UserGroupFactory(contact_email="secret@example.gov.uk", contact_email_public=False)
        assert b"secret@example.gov.uk" not in client.get(f"/groups/{group.slug}/").content


class TestJoinForm:
    def test_valid(self, client, join_post):
        group = UserGroupFactory()
        response = client.post(f"/groups/{group.slug}/join/", join_post)
        assert response.status_code == 302
        assert response["Location"] == f"/groups/{group.slug}/join/sent/"
        assert Membership.objects.get().status == "unconfirmed"

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("name", "", "Enter your full name."),
            ("email", "", "Enter your email address."),
            ("email", "ada-at-example", "Enter an email address in the correct format"),
            ("consent", "", "Confirm you agree to us storing these details"),
            ("hopes", "x" * 2001, "must be 2000 characters or fewer."),
        ],
    )
    def test_each_invalid_answer_is_explained(self, client, join_post, field, value, message):
        group = UserGroupFactory()
        join_post[field] = value
        response = client.post(f"/groups/{group.slug}/join/", join_post)
        assert message in _error_summary(response)
        assert not Membership.objects.exists()

    @pytest.mark.parametrize(
        ("membership", "start", "title", "heading", "button"),
        [
            ("open", "Join this group", "Join", "Join this group", "Join this group"),
            ("request", "Ask to join this group", "Ask to join", "Ask to join", "Ask to join"),
        ],
    )
    def test_wording_fits_the_membership(self, client, membership, start, title, heading, button):
        """Joining an open group is immediate once the address is confirmed: nobody is asked."""
        group = UserGroupFactory(membership=membership, name="Rail users")
        detail = client.get(f"/groups/{group.slug}/").content.decode()
        assert re.search(rf'class="govuk-button"[^>]*>{start}</a>', detail)
        page = client.get(f"/groups/{group.slug}/join/").content.decode()
        assert f"<title>{title} Rail users" in page
        assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in page
        assert re.search(rf'name="submit"\s+value="{button}"', page)
        if membership == "open":
            assert "Ask to join" not in detail + page

    def test_same_email_twice_gets_a_friendly_message(self, client, join_post):
        group = UserGroupFactory()
        MembershipFactory(group=group, email="ada@example.org")
        response = client.post(f"/groups/{group.slug}/join/", join_post)
        assert "has already asked to join this group" in _error_summary(response)
        assert Membership.objects.count() == 1

    def test_honeypot(self, client, join_post):
        group = UserGroupFactory()
        join_post[spam.HONEYPOT_FIELD] = "bot"
        response = client.post(f"/groups/{group.slug}/join/", join_post, follow=True)
        assert b"Check your email" in response.content
        assert not Membership.objects.exists()

    def test_rate_limit(self, client, join_post, settings):
        settings.INTAKE_POST_RATE = "2/h"
        group = UserGroupFactory()
        join_post["email"] = ""
        client.post(f"/groups/{group.slug}/join/", join_post)
        client.post(f"/groups/{group.slug}/join/", join_post)
        assert client.post(f"/groups/{group.slug}/join/", join_post).status_code == 429

    def test_unlisted_group_cannot_be_joined(self, client, join_post):
        group = UserGroupFactory(status="pending")
        assert client.post(f"/groups/{group.slug}/join/", join_post).status_code == 404
        assert not Membership.objects.exists()


class TestErrorSummary:
    """The error summary lists the problems in the order the page asks the questions."""

    def test_join_form_lists_consent_last(self, client, join_post):
        group = UserGroupFactory()
        join_post.update(name="", email="ada-at-example", consent="")
        response = client.post(f"/groups/{group.slug}/join/", join_post)
        links = assert_error_summary_follows_the_page(response)
        assert [target for target, _message in links] == ["id_name", "id_email", "id_consent"]

    def test_register_form_lists_its_errors_in_page_order(self, client, group_post):
        group_post.update(name="", contact_email="nobody@", consent="")
        response = client.post("/groups/register/", group_post)
        messages = [message for _target, message in assert_error_summary_follows_the_page(response)]
        assert messages == [
            "Enter the name of the group.",
            "Enter an email address in the correct format, like name@example.com.",
            "Confirm you agree to us storing these details, as the notice describes.",
        ]

    def test_a_problem_with_the_whole_form_comes_first_and_links_to_the_first_question(
        self, client, join_post
    ):
        group = UserGroupFactory()
        join_post.update(email="", **rendering(0))
        response = client.post(f"/groups/{group.slug}/join/", join_post)
        (first_target, _message), *rest = assert_error_summary_follows_the_page(response)
        assert first_target == "id_name", "not the hidden spam trap"
        assert rest == [("id_email", "Enter your email address.")]

    @pytest.mark.parametrize("form", ["register", "join", "manage_request", "manage_edit"])
    def test_every_form_lists_errors_in_page_order(self, client, form):
        response = client.post(_form_path(form), rendering())
        assert assert_error_summary_follows_the_page(response)


def _form_path(form: str) -> str:
    """The address of one of the intake's forms, for a new listed group where it needs one."""
    group = UserGroupFactory()
    return {
        "register": "/groups/register/",
        "join": f"/groups/{group.slug}/join/",
        "manage_request": "/manage/",
        "manage_edit": f"{_manage_path(group)}edit/",
    }[form]


@pytest.mark.parametrize("form", ["register", "join", "manage_request", "manage_edit"])
def test_every_form_leaves_checking_to_the_error_summary(client, form):
    """The browser's own validation bubble would pre-empt the GOV.UK error summary."""
    forms = re.findall(r"<form\b[^>]*>", client.get(_form_path(form)).content.decode())
    assert [tag for tag in forms if 'method="post"' in tag]
    assert all(" novalidate" in tag for tag in forms if 'method="post"' in tag), forms


def _breadcrumbs(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    (trail,) = re.findall(r'<ol class="govuk-breadcrumbs__list">(.*?)</ol>', html, re.S)
    return re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]*)">([^<]*)</a>', trail)


@pytest.mark.parametrize("page", ["directory", "directory by theme", "group", "join"])
def test_breadcrumbs_start_at_home(client, page):
    group = UserGroupFactory(name="Rail users")
    path = {
        "directory": "/groups/",
        "directory by theme": "/groups/?theme=economy",
        "group": f"/groups/{group.slug}/",
        "join": f"/groups/{group.slug}/join/",
    }[page]
    crumbs = _breadcrumbs(client.get(path))
    assert crumbs[0] == ("/", "Home")
    if page == "join":
        assert crumbs == [
            ("/", "Home"),
            ("/groups/", "User groups"),
            (f"/groups/{group.slug}/", "Rail users"),
        ]


class TestLinks:
    @pytest.mark.parametrize(
        "path",
        [
            "/groups/confirm/bogus/",
            "/groups/join/confirm/bogus/",
            "/groups/leave/bogus/",
        ],
    )
    def test_bad_links_explain_themselves(self, client, path):
        for response in (client.get(path), client.post(path)):
            assert response.status_code == 200
            assert b"This link does not work" in response.content

    def test_bad_manage_link_offers_a_fresh_one(self, client):
        response = client.get("/manage/bogus/")
        assert response.status_code == 404
        assert b"/manage/" in response.content
        assert client.post("/manage/bogus/archive/").status_code == 404


class TestManageRequestForm:
    def test_invalid_email(self, client):
        response = client.post("/manage/", {"email": "nope", **rendering()})
        assert "Enter an email address in the correct format" in _error_summary(response)

    def test_same_answer_for_unknown_addresses(self, client):
        response = client.post(
            "/manage/",
            {"email": "who@example.org", **rendering()},
            follow=True,
        )
        assert b"If that address is the contact" in response.content

    def test_honeypot_and_rate_limit(self, client, settings, mailoutbox):
        UserGroupFactory(contact_email="lead@example.gov.uk")
        data = {
            "email": "lead@example.gov.uk",
            **rendering(),
            spam.HONEYPOT_FIELD: "x",
        }
        assert client.post("/manage/", data).status_code == 302
        from intake.submissions.models import OutboundEmail

        assert not OutboundEmail.objects.exists()
        settings.INTAKE_POST_RATE = "1/h"
        assert client.post("/manage/", data).status_code == 302
        assert client.post("/manage/", data).status_code == 429


def _manage_path(group) -> str:
    from intake.links import manage_link

    return manage_link(group=group).replace("http://testserver", "")


class TestManageEdit:
    def test_form_is_prefilled(self, client):
        group = UserGroupFactory(name="Prefilled group")
        html = client.get(f"{_manage_path(group)}edit/").content.decode()
        assert 'value="Prefilled group"' in html
        assert 'name="contact_email"' not in html

    def test_material_edit_waits_for_moderation(self, client, group_post):
        group = UserGroupFactory(name="Original name")
        group_post["name"] = "A new name"
        response = client.post(f"{_manage_path(group)}edit/", group_post)
        assert response.status_code == 302
        assert response["Location"].endswith("?done=waiting")
        group.refresh_from_db()
        assert group.name == "Original name"
        assert GroupChange.objects.get().data["name"] == "A new name"
        dashboard = client.get(response["Location"]).content.decode()
        assert "The current listing stays public" in dashboard

    def test_a_posted_next_meeting_date_is_not_stored(self, client, group_post):
        group = UserGroupFactory(next_meeting=None)
        group_post.update(
            summary="A changed summary.",
            next_meeting="2099-01-01T10:00:00+00:00",
            next_meeting_date_0="1",
            next_meeting_date_1="1",
            next_meeting_date_2="2099",
        )
        response = client.post(f"{_manage_path(group)}edit/", group_post)
        assert response.status_code == 302
        group.refresh_from_db()
        assert group.next_meeting is None  # it comes from the meetings the contact adds
        assert GroupChange.objects.filter(data__has_key="next_meeting").count() == 0

    def test_invalid_edit_is_explained(self, client, group_post):
        group = UserGroupFactory()
        group_post["summary"] = ""
        response = client.post(f"{_manage_path(group)}edit/", group_post)
        assert "Enter a one-sentence summary" in _error_summary(response)
        assert not GroupChange.objects.exists()

    def test_honeypot(self, client, group_post):
        group = UserGroupFactory(name="Original name")
        group_post.update(name="Spam", nickname="bot")
        client.post(f"{_manage_path(group)}edit/", group_post)
        assert not GroupChange.objects.exists()

    def test_confirm_and_archive(self, client):
        group = UserGroupFactory(last_confirmed_at=None)
        base = _manage_path(group)
        assert client.post(f"{base}confirm/").status_code == 302
        group.refresh_from_db()
        assert group.last_confirmed_at is not None
        assert b"Archive the listing" in client.get(f"{base}archive/").content
        client.post(f"{base}archive/")
        group.refresh_from_db()
        assert group.status == UserGroup.Status.ARCHIVED
        assert client.get(f"/groups/{group.slug}/").status_code == 404

    def test_members_csv_neutralises_formulas(self, client):
        group = UserGroupFactory()
        MembershipFactory(group=group, name='=HYPERLINK("http://x")', status="active")
        MembershipFactory(group=group, name="Not confirmed", status="unconfirmed")
        body = client.get(f"{_manage_path(group)}members.csv").content.decode()
        assert "'=HYPERLINK" in body
        assert "Not confirmed" not in body

    def test_decision_for_another_groups_member_is_refused(self, client):
        group = UserGroupFactory()
        other = MembershipFactory(status="pending")
        response = client.post(f"{_manage_path(group)}members/{other.pk}/", {"decision": "accept"})
        assert response["Location"].endswith("?done=already")
        other.refresh_from_db()
        assert other.status == "pending"


def test_dashboard_shows_what_the_hub_team_asked_to_change(client, editor):
    from intake import services

    group = UserGroupFactory(status="pending")
    services.group_request_changes(
        group_id=group.pk, decided_by=editor, message="Add <a> meeting frequency."
    )
    group.refresh_from_db()
    html = client.get(_manage_path(group)).content.decode()
    assert "Add &lt;a&gt; meeting frequency." in html


def test_public_pages_may_be_cached_but_manage_pages_never(client):
    group = UserGroupFactory()
    client.get("/groups/")
    client.get("/groups/")  # the first visit may create site settings rows
    assert client.get("/groups/").get("X-Page-Cache") == "hit"
    manage = client.get(_manage_path(group))
    assert "no-store" in manage["Cache-Control"]
    assert manage.get("X-Page-Cache") is None


def test_a_new_listing_appears_despite_the_page_cache(client, editor):
    from intake import services

    client.get("/groups/")
    group = UserGroupFactory(status="pending", name="Fresh from moderation")
    services.group_approve(group_id=group.pk, decided_by=editor)
    assert b"Fresh from moderation" in client.get("/groups/").content
