"""Search's own tables: synonyms editors manage, the outbox, the embedded index and the log."""

from datetime import timedelta

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel

from search.analysis import words


class Synonym(models.Model):
    """Everyday words and the words the hub uses for them ("jobs" -> "labour market")."""

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text="What people type, for example 'jobs' or 'NHS'.",
    )
    alternatives = models.TextField(
        help_text=(
            "Words that mean the same here, separated by commas, for example "
            "'labour market, employment'. Each may be several words."
        )
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("alternatives")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.alternatives}"

    def alternative_list(self) -> list[str]:
        return [part.strip() for part in self.alternatives.split(",") if words(part)]


class OutboxEntry(models.Model):
    """A pending index change for one backend, written in the same transaction as the change.

    The row says only *what* changed (kind and id); whether to index or delete is decided when
    it is applied, from the database as it is then, so entries are idempotent and order-free.
    """

    backend = models.CharField(max_length=20)
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "search outbox entry"
        verbose_name_plural = "search outbox entries"
        constraints = [
            models.UniqueConstraint(
                fields=["backend", "kind", "object_id"], name="hub_search_outbox_unique"
            )
        ]

    def __str__(self):
        return f"{self.backend}: {self.kind} {self.object_id}"


class IndexedDocument(models.Model):
    """A document in the embedded index. Full text lives in SQLite FTS5 or a PostgreSQL
    tsvector column kept in step by the database itself (see migration 0002)."""

    key = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    kind_label = models.CharField(max_length=60)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    name_sort = models.CharField(max_length=200, db_index=True)
    date = models.DateTimeField(null=True, blank=True, db_index=True)
    next_meeting = models.DateTimeField(null=True, blank=True)
    title_terms = models.TextField(blank=True)
    keyword_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    content_hash = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return self.key


class IndexedFacetValue(models.Model):
    """One facet value of one embedded document; facet counts are a GROUP BY over these."""

    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "facet", "value"], name="hub_search_facet_unique"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self):
        return f"{self.facet}={self.value}"


class IndexRebuild(models.Model):
    """A rebuild under way for one backend. While it runs, index changes for that backend wait
    in the outbox; just before the new index replaces the old, every waiting change is written
    into the new one, so an edit made during a rebuild is never lost. A row left by a rebuild
    that died is ignored after ``IndexRebuild.STALE_AFTER``."""

    STALE_AFTER = timedelta(hours=1)

    backend = models.CharField(max_length=20, unique=True)
    started_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.backend} since {self.started_at:%H:%M:%S}"


class IndexGeneration(models.Model):
    """One row whose token database triggers change whenever an embedded document is added or
    removed, so every process can tell in one read whether its facet sets are current
    (search/backends/bitmaps.py). Random rather than counted, so that a rolled-back change can
    never leave the same token over different contents."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token


class VocabularyTerm(models.Model):
    """Every analysed term ever indexed; fuzzy matching looks typed words up here."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term


class SurfaceWord(models.Model):
    """Every word ever indexed as written (folded, unstemmed, no stop words) with its analysed
    term. A typed word the index does not know is respelt against these (search/vocabulary.py):
    "emplyment" is one edit from "employment", whose term "employ" it could never reach."""

    word = models.CharField(max_length=100, unique=True)
    term = models.CharField(max_length=100)

    def __str__(self):
        return f"{self.word} -> {self.term}"


class QueryLog(models.Model):
    """One search, without personal data: no IP address, session, user or user agent."""

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    query = models.CharField(max_length=200, blank=True, db_index=True)
    filters = models.JSONField(default=dict, blank=True)
    theme = models.CharField(
        max_length=120, blank=True, db_index=True, help_text="First theme chosen, if any."
    )
    sort = models.CharField(max_length=20, blank=True)
    page = models.PositiveIntegerField(default=1)
    result_count = models.PositiveIntegerField()
    backend = models.CharField(max_length=20)
    fell_back = models.BooleanField(default=False)
    duration_ms = models.FloatField()
    source = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.query!r} ({self.result_count})"
