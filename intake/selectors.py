"""Reads for the group register. Business rules for writes live in services.py."""

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import dateformat, timezone

from intake.listing import SHOWN_FIELDS, readable_value, sent_value
from intake.models import GroupChange, Membership, ModerationDecision, UserGroup
from intake.submissions.tokens import is_uuid, token_read
from themes.models import Theme
from themes.selectors import theme_descendant_ids


def group_listed_queryset() -> QuerySet[UserGroup]:
    """Listed groups with what a listing shows, in a fixed number of queries."""
    return (
        UserGroup.objects.filter(status=UserGroup.Status.LISTED)
        .select_related("administering_body")
        .prefetch_related("themes", "producing_organisations", "regions", "audiences")
    )


_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,220}$")


def _is_slug(value) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


def group_list(*, theme_slug: str | None = None) -> QuerySet[UserGroup]:
    """Listed groups, optionally only those tagged with a theme or a theme below it."""
    groups = group_listed_queryset()
    if theme_slug and not _is_slug(theme_slug):
        return groups.none()
    if theme_slug:
        theme = Theme.objects.filter(slug=theme_slug).first()
        if theme is None:
            return groups.none()
        theme_ids = theme_descendant_ids(theme_ids=[theme.id])
        groups = groups.filter(
            Exists(
                UserGroup.themes.through.objects.filter(
                    usergroup_id=OuterRef("pk"), theme_id__in=theme_ids
                )
            )
        )
    return groups.order_by("name")


def group_get_listed_plain(*, slug: str) -> UserGroup | None:
    """A listed group without its related lists (for pages that show only the group)."""
    if not _is_slug(slug):
        return None
    return (
        UserGroup.objects.filter(status=UserGroup.Status.LISTED, slug=slug)
        .select_related("administering_body")
        .first()
    )


def theme_by_slug(*, slug: str) -> Theme | None:
    return Theme.objects.filter(slug=slug).first() if _is_slug(slug) else None


def group_get_listed(*, slug: str) -> UserGroup | None:
    if not _is_slug(slug):
        return None
    return group_listed_queryset().filter(slug=slug).first()


def theme_group_counts() -> list[dict]:
    """Top-level themes with how many listed groups are tagged with them or their children."""
    top = list(Theme.objects.top_level())
    links = UserGroup.themes.through.objects.filter(
        usergroup__status=UserGroup.Status.LISTED
    ).values_list("usergroup_id", "theme_id")
    groups_by_theme: dict[int, set[int]] = {}
    for group_id, theme_id in links:
        groups_by_theme.setdefault(theme_id, set()).add(group_id)
    result = []
    for theme in top:
        ids: set[int] = set()
        for theme_id in theme_descendant_ids(theme_ids=[theme.id]):
            ids |= groups_by_theme.get(theme_id, set())
        result.append({"theme": theme, "count": len(ids)})
    return result


def group_confirmation_notices(*, group_ids: Iterable[int]) -> dict[int, str]:
    """What search results say about listings not confirmed in time, by group id (one query)."""
    ids = [int(pk) for pk in group_ids]
    if not ids:
        return {}
    notices = {}
    rows = UserGroup.objects.filter(
        pk__in=ids, status=UserGroup.Status.LISTED, confirmation_flagged_at__isnull=False
    ).only("id", "last_confirmed_at", "imported_at", "created_at", "confirmation_flagged_at")
    for group in rows:
        since = dateformat.format(timezone.localtime(group.confirmed_since), "j F Y")
        notices[group.pk] = f"Not confirmed since {since}"
    return notices


# --- Similar groups (duplicate warning) ---------------------------------------------------------

_STOP_WORDS = {
    "a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to",
    "with", "uk", "group", "groups", "forum", "forums", "user", "users", "network", "statistics",
    "statistical", "data",
}  # fmt: skip


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _tokens(text: str) -> set[str]:
    return {
        word[:-1] if len(word) > 4 and word.endswith("s") else word
        for word in _normalise(text).split()
        if word not in _STOP_WORDS and len(word) > 1
    }


def _trigrams(text: str) -> set[str]:
    padded = f"  {_normalise(text)} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _jaccard(left: set, right: set) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def similarity_features(*, name: str, text: str) -> tuple[set, set, set]:
    """What the similarity compares, worked out once per group: name trigrams, name words and
    the words of the name and text together."""
    return _trigrams(name), _tokens(name), _tokens(f"{name} {text}")


def similarity_of_features(left: tuple[set, set, set], right: tuple[set, set, set]) -> float:
    name_trigram = _jaccard(left[0], right[0])
    name_words = _jaccard(left[1], right[1])
    text_words = _jaccard(left[2], right[2])
    return max(name_trigram, name_words, min(1.0, text_words * 1.5))


def similarity_score(*, name: str, description: str, other_name: str, other_text: str) -> float:
    """How alike two groups look, from 0 to 1: the best of name trigram similarity (catches
    misspellings), name word overlap and overlap of the words describing them. Pure Python, so it
    behaves the same on SQLite and PostgreSQL. The audit importer uses the same measure."""
    return similarity_of_features(
        similarity_features(name=name, text=description),
        similarity_features(name=other_name, text=other_text),
    )


SIMILARITY_THRESHOLD = 0.4


class SimilarityIndex:
    """Many groups' similarity features with an inverted index, so finding the most alike of
    them for one more group costs little however large the register is.

    Exact, not approximate: each measure is a Jaccard similarity, worked out here from how many
    tokens two sets share (counted through the index, which lists each token's groups) and
    their sizes, without building the sets' union and intersection. Only groups sharing at
    least one token are scored, and the score is ``similarity_of_features``'s.
    """

    # Per measure (name trigrams, name words, text words): the Jaccard needed to count.
    _THRESHOLDS = (SIMILARITY_THRESHOLD, SIMILARITY_THRESHOLD, SIMILARITY_THRESHOLD / 1.5)

    def __init__(self, entries: list[tuple[object, tuple[set, set, set]]]):
        self.items = [item for item, _features in entries]
        self.sizes = [tuple(len(tokens) for tokens in features) for _item, features in entries]
        self.postings: list[dict] = [defaultdict(list) for _ in range(3)]
        for position, (_item, features) in enumerate(entries):
            for measure, tokens in enumerate(features):
                for token in tokens:
                    self.postings[measure][token].append(position)

    def _overlaps(self, measure: int, tokens: set) -> Counter:
        shared = Counter()
        postings = self.postings[measure]
        for token in tokens:
            found = postings.get(token)
            if found:
                shared.update(found)
        return shared

    def most_similar(self, features: tuple[set, set, set]) -> tuple[float, object | None]:
        """The best score and its item, or (0.0, None) when nothing reaches the threshold."""
        own = [len(tokens) for tokens in features]
        overlaps = [self._overlaps(measure, tokens) for measure, tokens in enumerate(features)]
        # A Jaccard of at least t needs at least t times this set's tokens in common: only
        # groups sharing that many for some measure can reach the threshold.
        candidates = set()
        for measure, threshold in enumerate(self._THRESHOLDS):
            needed = threshold * own[measure] - 1e-9
            candidates.update(p for p, shared in overlaps[measure].items() if shared >= needed)
        best, best_position = 0.0, None
        for position in sorted(candidates):
            sizes = self.sizes[position]
            jaccard = [
                (shared / (own[m] + sizes[m] - shared))
                if (shared := overlaps[m].get(position, 0))
                else 0.0
                for m in range(3)
            ]
            score = max(jaccard[0], jaccard[1], min(1.0, jaccard[2] * 1.5))
            if score > best:
                best, best_position = score, position
        if best_position is None or best < SIMILARITY_THRESHOLD:
            return 0.0, None
        return best, self.items[best_position]


def group_listing_values(group: UserGroup) -> dict:
    """A listing's own fields as plain values, relations as slugs: what the edit form starts
    from and what the JSON API returns (prefetch the relations when reading many)."""
    return {field: sent_value(group, field) for field in SHOWN_FIELDS}


OPEN_DATA_LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
# A listing's shown fields, its address after its name, and what is derived from it.
OPEN_DATA_FIELDS = [
    "name",
    "url",
    *(field for field in SHOWN_FIELDS if field != "name"),
    "contact_email",
    "next_meeting",
    "last_confirmed",
    "confirmation",
]


def group_open_data_record(group: UserGroup, *, base_url: str = "") -> dict:
    """A listed group's public fields for the open-data download, with readable names. The
    contact's email address only when they chose to show it."""
    shown = {field: readable_value(group, field) for field in SHOWN_FIELDS}
    return {
        "name": shown.pop("name"),
        "url": base_url + group.get_absolute_url(),
        **shown,
        "contact_email": group.public_contact_email,
        "next_meeting": group.next_meeting.isoformat() if group.next_meeting else None,
        "last_confirmed": group.last_confirmed_at.date().isoformat()
        if group.last_confirmed_at
        else None,
        "confirmation": group.confirmation_display(),
    }


def group_open_data(*, base_url: str = "") -> list[dict]:
    """Every listed group as open data, by name (a fixed number of queries)."""
    return [
        group_open_data_record(group, base_url=base_url)
        for group in group_listed_queryset().order_by("name", "pk")
    ]


def membership_for_link(*, purpose: str, token: str) -> Membership | None:
    """The membership an emailed link is about, with its group; None for a forged, expired or
    mangled link, or one about a record that is gone."""
    public_id = token_read(purpose=purpose, token=token)
    if not isinstance(public_id, str) or not is_uuid(public_id):
        return None
    return Membership.objects.select_related("group").filter(public_id=public_id).first()


def group_similar(
    *, name: str, description: str = "", exclude_ids: Iterable[int] = (), limit: int = 5
) -> list[UserGroup]:
    """Listed groups that look like the one described, most alike first."""
    if not _normalise(name) and not _normalise(description):
        return []
    candidates = (
        UserGroup.objects.filter(status=UserGroup.Status.LISTED)
        .exclude(id__in=list(exclude_ids))
        .only("id", "name", "slug", "summary", "description", "membership")
    )
    scored = []
    for group in candidates:
        score = similarity_score(
            name=name,
            description=description,
            other_name=group.name,
            other_text=f"{group.summary} {group.description}",
        )
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, group.name, group))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [group for _score, _name, group in scored[:limit]]


# --- Managing a listing -------------------------------------------------------------------------


def group_pending_change(*, group_id: int) -> GroupChange | None:
    return GroupChange.objects.filter(group_id=group_id, status=GroupChange.Status.PENDING).first()


def group_changes_requested_message(*, group_id: int) -> str:
    """What the hub team last asked the contact to change."""
    decision = (
        ModerationDecision.objects.filter(
            group_id=group_id, action=ModerationDecision.Action.REQUEST_CHANGES
        )
        .order_by("-decided_at", "-id")
        .first()
    )
    return decision.reason if decision else ""


def membership_list_for_contact(*, group_id: int) -> QuerySet[Membership]:
    """Confirmed members and people waiting for a decision; unconfirmed emails are not shown."""
    return Membership.objects.filter(
        group_id=group_id,
        status__in=[
            Membership.Status.PENDING,
            Membership.Status.ACTIVE,
        ],
    ).order_by("status", "created_at")


def membership_counts(*, group_id: int) -> dict[str, int]:
    counts = Membership.objects.filter(group_id=group_id).aggregate(
        active=Count("id", filter=Q(status=Membership.Status.ACTIVE)),
        pending=Count("id", filter=Q(status=Membership.Status.PENDING)),
    )
    return counts


def group_moderation_queryset() -> QuerySet[UserGroup]:
    """What editors moderate: verified registrations, with everything the listing shows."""
    return (
        UserGroup.objects.filter(Q(email_verified_at__isnull=False) | Q(imported_at__isnull=False))
        .select_related("administering_body")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id", "name")),
            "producing_organisations",
        )
        .annotate(
            pending_change_count=Count(
                "changes", filter=Q(changes__status=GroupChange.Status.PENDING), distinct=True
            )
        )
    )


# --- Theme pages --------------------------------------------------------------------------------


def theme_groups_section(*, theme_ids: set[int], theme=None) -> dict | None:
    """The theme-page section listing groups tagged with these themes (already expanded to
    include children by the theme view)."""
    if not theme_ids:
        return None
    groups = list(
        group_listed_queryset()
        .filter(
            Exists(
                UserGroup.themes.through.objects.filter(
                    usergroup_id=OuterRef("pk"), theme_id__in=list(theme_ids)
                )
            )
        )
        .order_by("name")[:50]
    )
    return {
        "title": "User groups and forums",
        "items": groups,
        "template": "intake/includes/theme_groups.html",
        "more_url": f"/groups/?theme={theme.slug}" if theme is not None else "/groups/",
    }
