"""Every business rule of the group register, through the services."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from wagtail.models import Site

import pytest

from cms.editorial.models import HubSettings, Organisation
from intake import links, services
from intake.demo import DEMO_GROUPS, load_demo_groups
from intake.models import GroupChange, Membership, ModerationDecision, UserGroup
from intake.selectors import group_list, group_similar, theme_groups_section
from intake.submissions import tokens
from intake.submissions.models import OutboundEmail
from tests.intake.factories import MembershipFactory, UserGroupFactory
from themes.models import Theme
from themes.selectors import theme_descendant_ids

pytestmark = pytest.mark.django_db


def _data(**overrides) -> dict:
    data = {
        "name": "Port freight statistics users",
        "summary": "Users of port freight statistics.",
        "description": "Tonnage through UK ports.",
        "themes": Theme.objects.filter(slug="international-trade"),
        "producing_organisations": Organisation.objects.filter(slug="dft"),
        "administering_body": Organisation.objects.get(slug="dft"),
        "membership": "open",
        "how_to_join": "",
        "meeting_frequency": "yearly",
        "format": "online",
        "regions": [],
        "audiences": [],
        "website": "",
        "contact_name": "Maritime statistics",
        "contact_email": "Maritime@DfT.example.gov.uk",
        "contact_email_public": False,
        "consent": True,
    }
    data.update(overrides)
    return data


def _verified(group: UserGroup) -> UserGroup:
    group.email_verified_at = timezone.now()
    group.save()
    return group


class TestRegistration:
    def test_stores_a_pending_unverified_group_with_consent(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            group = services.group_register(data=_data())
        assert group.status == UserGroup.Status.PENDING
        assert group.email_verified_at is None
        assert group.contact_email == "maritime@dft.example.gov.uk"
        assert group.privacy_notice_version == "2026-01"
        assert group.consent_given_at is not None
        assert list(group.themes.values_list("slug", flat=True)) == ["international-trade"]
        assert [m.subject for m in mail.outbox] == [
            "Confirm your email address to register Port freight statistics users"
        ]

    def test_a_new_privacy_notice_version_is_stored_from_the_next_registration(self, home_page):
        services.group_register(data=_data())  # the notice is now cached
        hub_settings = HubSettings.for_site(Site.objects.get(is_default_site=True))
        hub_settings.privacy_notice_version = "2027-01"
        hub_settings.save()
        group = services.group_register(data={**_data(), "name": "Ferry statistics users"})
        assert group.privacy_notice_version == "2027-01"

    def test_refuses_without_consent(self):
        with pytest.raises(ValidationError) as error:
            services.group_register(data=_data(consent=False))
        assert "consent" in error.value.message_dict
        assert not UserGroup.objects.exists()
        assert not OutboundEmail.objects.exists()

    def test_invitation_only_needs_how_to_contact(self):
        with pytest.raises(ValidationError) as error:
            services.group_register(data=_data(membership="invitation", how_to_join="  "))
        assert "how_to_join" in error.value.message_dict

    def test_a_typed_next_meeting_is_not_stored(self):
        soon = timezone.now() + timedelta(days=10)
        group = services.group_register(data=_data(next_meeting=soon))
        assert group.next_meeting is None

    def test_same_name_gets_a_different_slug(self):
        first = services.group_register(data=_data())
        second = services.group_register(data=_data())
        assert first.slug == "port-freight-statistics-users"
        assert second.slug.startswith("port-freight-statistics-users-")
        assert first.slug != second.slug

    def test_reserved_words_are_not_used_as_slugs(self):
        group = services.group_register(data=_data(name="Register"))
        assert group.slug == "register-group"

    def test_verification_puts_it_in_the_queue_and_tells_editors(
        self, django_capture_on_commit_callbacks
    ):
        group = services.group_register(data=_data())
        token = tokens.token_make(purpose="group-verify", payload=str(group.public_id))
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.group_verify_email(token=token)
        group.refresh_from_db()
        assert group.email_verified_at is not None
        assert {tuple(m.to) for m in mail.outbox} == {
            ("editors@userhub.example",),
            ("maritime@dft.example.gov.uk",),
        }
        # A second click is harmless and sends nothing more.
        with django_capture_on_commit_callbacks(execute=True):
            services.group_verify_email(token=token)
        assert len(mail.outbox) == 2

    @pytest.mark.parametrize("token", ["", "nonsense", "a" * 3000, "x:y:z"])
    def test_verification_refuses_bad_tokens(self, token):
        with pytest.raises(ValidationError):
            services.group_verify_email(token=token)

    def test_verification_link_expires(self, settings):
        group = services.group_register(data=_data())
        token = tokens.token_make(purpose="group-verify", payload=str(group.public_id))
        from unittest import mock

        later = timezone.now().timestamp() + 8 * 24 * 3600
        with mock.patch("time.time", return_value=later), pytest.raises(ValidationError):
            services.group_verify_email(token=token)

    def test_a_manage_token_cannot_verify(self):
        group = services.group_register(data=_data())
        wrong_purpose = tokens.token_make(purpose="manage", payload=str(group.public_id))
        with pytest.raises(ValidationError):
            services.group_verify_email(token=wrong_purpose)


class TestModeration:
    def test_approve_lists_records_and_emails(self, editor, django_capture_on_commit_callbacks):
        group = UserGroupFactory(status=UserGroup.Status.PENDING, last_confirmed_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            services.group_approve(group_id=group.pk, decided_by=editor)
        group.refresh_from_db()
        assert group.status == UserGroup.Status.LISTED
        assert group.last_confirmed_at is not None
        decision = ModerationDecision.objects.get()
        assert (decision.action, decision.decided_by) == ("approve", editor)
        (email,) = mail.outbox
        assert email.to == [group.contact_email]
        assert "/manage/" in email.body

    def test_reject_needs_a_reason_and_tells_the_contact(
        self, editor, django_capture_on_commit_callbacks
    ):
        group = UserGroupFactory(status=UserGroup.Status.PENDING)
        with pytest.raises(ValidationError):
            services.group_reject(group_id=group.pk, decided_by=editor, reason=" ")
        with django_capture_on_commit_callbacks(execute=True):
            services.group_reject(group_id=group.pk, decided_by=editor, reason="Duplicate of X.")
        group.refresh_from_db()
        assert group.status == UserGroup.Status.REJECTED
        assert ModerationDecision.objects.get().reason == "Duplicate of X."
        assert "Duplicate of X." in mail.outbox[0].body

    def test_request_changes_then_edit_returns_it_to_the_queue(
        self, editor, django_capture_on_commit_callbacks
    ):
        group = UserGroupFactory(status=UserGroup.Status.PENDING)
        with django_capture_on_commit_callbacks(execute=True):
            services.group_request_changes(
                group_id=group.pk, decided_by=editor, message="Add a website."
            )
        group.refresh_from_db()
        assert group.status == UserGroup.Status.CHANGES_REQUESTED
        assert "Add a website." in mail.outbox[0].body
        result = services.group_update(
            group_id=group.pk, data={"website": "https://example.gov.uk/group"}
        )
        group.refresh_from_db()
        assert result["applied"] == ["website"]
        assert group.status == UserGroup.Status.PENDING
        assert group.website == "https://example.gov.uk/group"

    def test_unverified_or_decided_groups_cannot_be_decided(self, editor):
        unverified = UserGroupFactory(status=UserGroup.Status.PENDING, email_verified_at=None)
        listed = UserGroupFactory(status=UserGroup.Status.LISTED)
        for group in (unverified, listed):
            with pytest.raises(ValidationError):
                services.group_approve(group_id=group.pk, decided_by=editor)
        assert not ModerationDecision.objects.exists()

    def test_bulk_approve_skips_what_is_not_waiting(self, editor):
        waiting = UserGroupFactory.create_batch(3, status=UserGroup.Status.PENDING)
        listed = UserGroupFactory()
        result = services.group_bulk_decide(
            group_ids=[g.pk for g in waiting] + [listed.pk], action="approve", decided_by=editor
        )
        assert result == {"done": 3, "skipped": 1}
        assert UserGroup.objects.filter(status="listed").count() == 4
        assert ModerationDecision.objects.count() == 3

    def test_bulk_reject_needs_a_reason(self, editor):
        group = UserGroupFactory(status=UserGroup.Status.PENDING)
        with pytest.raises(ValidationError):
            services.group_bulk_decide(group_ids=[group.pk], action="reject", decided_by=editor)
        services.group_bulk_decide(
            group_ids=[group.pk], action="reject", decided_by=editor, reason="Out of scope."
        )
        group.refresh_from_db()
        assert group.status == UserGroup.Status.REJECTED


class TestManaging:
    def test_material_edit_to_a_listed_group_waits_while_old_version_stays(
        self, editor, django_capture_on_commit_callbacks
    ):
        group = UserGroupFactory(name="Old name", meeting_frequency="quarterly")
        result = services.group_update(
            group_id=group.pk, data={"name": "New name", "meeting_frequency": "monthly"}
        )
        assert result == {"applied": ["meeting_frequency"], "waiting": ["name"]}
        group.refresh_from_db()
        assert group.name == "Old name"
        assert group.meeting_frequency == "monthly"
        change = GroupChange.objects.get(status="pending")
        assert change.data == {"name": "New name"}
        assert group_list().filter(pk=group.pk).exists(), "old version still listed"

        with django_capture_on_commit_callbacks(execute=True):
            services.group_change_approve(change_id=change.pk, decided_by=editor)
        group.refresh_from_db()
        assert group.name == "New name"
        assert ModerationDecision.objects.get().action == "approve_change"
        assert "are now live" in mail.outbox[-1].subject

    def test_a_new_edit_replaces_the_waiting_one(self):
        group = UserGroupFactory()
        services.group_update(group_id=group.pk, data={"summary": "First try."})
        services.group_update(group_id=group.pk, data={"summary": "Second try."})
        assert GroupChange.objects.filter(status="pending").get().data == {"summary": "Second try."}
        assert GroupChange.objects.filter(status="superseded").count() == 1

    def test_many_to_many_edits_wait_and_apply(self, editor):
        group = UserGroupFactory()
        gdp = Theme.objects.get(slug="gdp")
        services.group_update(group_id=group.pk, data={"themes": [gdp]})
        assert list(group.themes.values_list("slug", flat=True)) == ["construction-industry"]
        change = GroupChange.objects.get()
        services.group_change_approve(change_id=change.pk, decided_by=editor)
        assert list(group.themes.values_list("slug", flat=True)) == ["gdp"]

    def test_rejecting_an_edit_keeps_the_listing(self, editor):
        group = UserGroupFactory(name="Keep me")
        services.group_update(group_id=group.pk, data={"name": "Spam"})
        change = GroupChange.objects.get()
        with pytest.raises(ValidationError):
            services.group_change_reject(change_id=change.pk, decided_by=editor, reason="")
        services.group_change_reject(change_id=change.pk, decided_by=editor, reason="No.")
        group.refresh_from_db()
        assert group.name == "Keep me"
        with pytest.raises(ValidationError):
            services.group_change_approve(change_id=change.pk, decided_by=editor)

    def test_confirm_current_and_archive(self):
        group = UserGroupFactory(last_confirmed_at=timezone.now() - timedelta(days=400))
        services.group_confirm_current(group_id=group.pk)
        group.refresh_from_db()
        assert timezone.now() - group.last_confirmed_at < timedelta(minutes=1)
        services.group_archive(group_id=group.pk)
        group.refresh_from_db()
        assert group.status == UserGroup.Status.ARCHIVED
        assert not group_list().filter(pk=group.pk).exists()
        with pytest.raises(ValidationError):
            services.group_update(group_id=group.pk, data={"name": "Back"})

    def test_manage_token_dies_when_the_contact_changes(self):
        group = UserGroupFactory(contact_email="old@example.gov.uk")
        token = links.manage_link(group=group).rstrip("/").rsplit("/", 1)[-1]
        assert services.group_for_manage_token(token=token) == group
        group.contact_email = "new@example.gov.uk"
        group.save()
        assert services.group_for_manage_token(token=token) is None

    def test_manage_links_are_not_sent_for_unknown_addresses(
        self, django_capture_on_commit_callbacks
    ):
        UserGroupFactory(contact_email="known@example.gov.uk")
        with django_capture_on_commit_callbacks(execute=True):
            assert services.manage_link_request(email="unknown@example.gov.uk") == 0
            assert services.manage_link_request(email="KNOWN@example.gov.uk") == 1
        assert [m.to for m in mail.outbox] == [["known@example.gov.uk"]]


class TestMembership:
    def _request(self, group, **overrides):
        data = {"name": "Grace", "email": "Grace@Example.org", "consent": True, **overrides}
        return services.membership_request(group_id=group.pk, data=data)

    def test_same_email_cannot_join_twice(self):
        group = UserGroupFactory()
        self._request(group)
        with pytest.raises(ValidationError) as error:
            self._request(group, email="grace@example.ORG")
        assert error.value.error_dict["email"][0].code == "duplicate"
        assert Membership.objects.count() == 1

    def test_the_database_refuses_duplicates_too(self):
        member = MembershipFactory()
        with pytest.raises(IntegrityError):
            MembershipFactory(group=member.group, email=member.email)

    def test_someone_who_left_can_join_again(self):
        group = UserGroupFactory()
        membership = self._request(group)
        services.membership_leave(
            token=tokens.token_make(purpose="leave", payload=str(membership.public_id))
        )
        again = self._request(group)
        assert again.pk == membership.pk
        assert again.status == Membership.Status.UNCONFIRMED

    @pytest.mark.parametrize(
        ("status", "membership"),
        [("pending", "open"), ("archived", "open"), ("listed", "invitation")],
    )
    def test_only_listed_groups_that_take_requests(self, status, membership):
        group = UserGroupFactory(status=status, membership=membership)
        with pytest.raises(ValidationError):
            self._request(group)
        assert not Membership.objects.exists()

    def test_consent_is_required_and_recorded(self):
        group = UserGroupFactory()
        with pytest.raises(ValidationError):
            self._request(group, consent=False)
        membership = self._request(group)
        assert membership.privacy_notice_version == "2026-01"
        assert membership.consent_given_at is not None

    def test_confirming_open_group_lets_them_in(self, django_capture_on_commit_callbacks):
        group = UserGroupFactory(membership="open")
        membership = self._request(group)
        token = tokens.token_make(purpose="membership-confirm", payload=str(membership.public_id))
        with django_capture_on_commit_callbacks(execute=True):
            services.membership_confirm(token=token)
            services.membership_confirm(token=token)  # a second click changes nothing
        membership.refresh_from_db()
        assert membership.status == Membership.Status.ACTIVE
        assert len(mail.outbox) == 1

    def test_request_group_contact_decides(self, django_capture_on_commit_callbacks):
        group = UserGroupFactory(membership="request")
        membership = self._request(group)
        token = tokens.token_make(purpose="membership-confirm", payload=str(membership.public_id))
        with django_capture_on_commit_callbacks(execute=True):
            services.membership_confirm(token=token)
        membership.refresh_from_db()
        assert membership.status == Membership.Status.PENDING
        assert {m.to[0] for m in mail.outbox} == {"grace@example.org", group.contact_email}
        services.membership_decide(group_id=group.pk, membership_id=membership.pk, accept=False)
        membership.refresh_from_db()
        assert membership.status == Membership.Status.DECLINED
        with pytest.raises(ValidationError):
            services.membership_decide(group_id=group.pk, membership_id=membership.pk, accept=True)

    def test_a_contact_cannot_decide_for_another_group(self):
        member = MembershipFactory(status=Membership.Status.PENDING)
        other = UserGroupFactory()
        with pytest.raises(ValidationError):
            services.membership_decide(group_id=other.pk, membership_id=member.pk, accept=True)


class TestSimilarity:
    def test_finds_misspelt_and_reworded_names(self):
        ccc = UserGroupFactory(
            name="Consultative Committee for Construction Industry Statistics",
            summary="Construction output and prices.",
        )
        UserGroupFactory(name="Education Statistics User Forum", summary="Schools data.")
        assert group_similar(name="Consultative Comittee on Construction Industry Stats") == [ccc]
        assert group_similar(name="Construction industry statistics committee") == [ccc]
        assert group_similar(name="Fisheries landings panel") == []

    def test_ignores_unlisted_groups(self):
        UserGroupFactory(name="Labour Market Statistics User Group", status="pending")
        assert group_similar(name="Labour Market Statistics User Group") == []

    def test_description_overlap_counts(self):
        group = UserGroupFactory(
            name="Panel A", summary="Consumer price inflation, CPIH and rents methods."
        )
        found = group_similar(
            name="Prices panel", description="consumer price inflation CPIH rents methods"
        )
        assert found == [group]


class TestThemePagesAndDemo:
    def test_theme_section_includes_child_themes_and_only_listed(self):
        child = Theme.objects.get(slug="construction-industry")
        listed = UserGroupFactory(themes=[child])
        UserGroupFactory(themes=[child], status="pending")
        parent_ids = theme_descendant_ids(theme_ids=[child.parent_id])
        section = theme_groups_section(theme_ids=parent_ids, theme=child.parent)
        assert section["items"] == [listed]
        assert section["more_url"] == f"/groups/?theme={child.parent.slug}"

    def test_theme_page_shows_groups(self, client):
        group = UserGroupFactory(themes=[Theme.objects.get(slug="construction-industry")])
        response = client.get("/themes/business-industry-and-trade/")
        assert response.status_code == 200
        assert group.name.encode() in response.content

    def test_demo_groups_load_once_with_everything_set(self):
        assert load_demo_groups() == len(DEMO_GROUPS)
        assert load_demo_groups() == 0
        groups = UserGroup.objects.prefetch_related("themes", "producing_organisations")
        assert groups.count() >= 15
        for group, spec in zip(groups.order_by("id"), DEMO_GROUPS, strict=True):
            assert group.themes.count() == len(spec["themes"]), spec["name"]
            assert group.producing_organisations.count() == len(spec["producers"])
            assert group.regions.count() == len(spec["regions"])
            assert group.audiences.count() == len(spec["audiences"])
            assert group.next_meeting is None  # until the meetings demo adds its meetings
            assert group.is_listed
        ccc = UserGroup.objects.get(slug__startswith="consultative-committee-for-construction")
        assert sorted(ccc.producing_organisations.values_list("slug", flat=True)) == [
            "dbt",
            "mhclg",
            "ons",
        ]
        assert ccc.administering_body.slug == "dbt"
        assert ccc.meeting_frequency == "twice_yearly"
        assert {g.membership for g in groups} == {"open", "request", "invitation"}
        assert {g.format for g in groups} == {"online", "in_person", "hybrid"}
