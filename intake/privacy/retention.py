"""Retention periods per kind of record: ``PERSONAL_DATA_RETENTION_DAYS`` in the settings is the
one place they are set, and every privacy notice and purge rule reads them from here."""

from django.conf import settings

# What each period runs from, as the privacy notice tells people.
_AFTER = {
    "engagement_requests": "after your request is closed",
    "champion_signups": "after we decide on your sign-up, or for as long as you are a champion",
    "success_stories": "after you send your story",
    "join_requests": "after your request to join is declined or you leave the group",
    "archived_group_memberships": "after the group is archived",
    "email_outbox": "after the email is sent",
    "unconfirmed_listings": "after the listing is hidden because nobody confirmed it",
    "unapplied_imports": "after the file is checked, if the import is never applied",
    "alert_followers": "after you unsubscribe, or if you never confirm your address",
}


def retention_days(kind: str) -> int:
    return int(settings.PERSONAL_DATA_RETENTION_DAYS[kind])


def period_text(days: int) -> str:
    """A number of days as a person reads it: "30 days", "6 months", "1 year"."""
    if days % 365 == 0:
        years = days // 365
        return "1 year" if years == 1 else f"{years} years"
    if days % 30 == 0 and days < 365:
        months = days // 30
        return "1 month" if months == 1 else f"{months} months"
    return "1 day" if days == 1 else f"{days} days"


def every_period_text(days: int) -> str:
    """How often, as a person reads it: "every year", "every 6 months", "every 30 days"."""
    return "every " + period_text(days).removeprefix("1 ")


def retention_period_text(kind: str) -> str:
    """How long records of this kind are kept, as a person reads it: "30 days", "1 year"."""
    return period_text(retention_days(kind))


def retention_sentence(kind: str) -> str:
    if not kind:
        return ""
    return (
        f"We keep your details for {retention_period_text(kind)} {_AFTER[kind]}, then delete them."
    )


def unconfirmed_listing_sentence() -> str:
    """What the registration form and the imported contacts' email say about listings nobody
    re-confirms (the cycle's settings and the purge's retention period)."""
    cycle = every_period_text(settings.LISTING_CONFIRMATION_CYCLE_DAYS)
    return (
        f"We ask the contact to confirm the listing {cycle}. A listing not confirmed "
        f"{period_text(settings.LISTING_CONFIRMATION_GRACE_DAYS)} after it is due is hidden; "
        f"{retention_period_text('unconfirmed_listings')} after that it is archived and the "
        "contact's name and email address are deleted."
    )
