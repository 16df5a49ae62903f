"""The full-text half of the embedded index, in each database's own engine.

SQLite: an external-content FTS5 table over hub_search_indexeddocument, kept in step by
triggers. PostgreSQL: a generated, weighted tsvector column with a GIN index. Text arrives
already analysed (search/analysis.py), so both use the plain tokenizer ('unicode61'/'simple').
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE hub_search_fts USING fts5(
        title_terms, keyword_terms, body_terms,
        content='hub_search_indexeddocument', content_rowid='id', tokenize='unicode61'
    )""",
    "INSERT INTO hub_search_fts(hub_search_fts, rank) VALUES('rank', 'bm25(10.0, 4.0, 1.0)')",
    """CREATE TRIGGER hub_search_fts_ai AFTER INSERT ON hub_search_indexeddocument BEGIN
        INSERT INTO hub_search_fts(rowid, title_terms, keyword_terms, body_terms)
        VALUES (new.id, new.title_terms, new.keyword_terms, new.body_terms);
    END""",
    """CREATE TRIGGER hub_search_fts_ad AFTER DELETE ON hub_search_indexeddocument BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title_terms, keyword_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.keyword_terms, old.body_terms);
    END""",
    """CREATE TRIGGER hub_search_fts_au AFTER UPDATE ON hub_search_indexeddocument BEGIN
        INSERT INTO hub_search_fts(hub_search_fts, rowid, title_terms, keyword_terms, body_terms)
        VALUES ('delete', old.id, old.title_terms, old.keyword_terms, old.body_terms);
        INSERT INTO hub_search_fts(rowid, title_terms, keyword_terms, body_terms)
        VALUES (new.id, new.title_terms, new.keyword_terms, new.body_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS hub_search_fts_au",
    "DROP TRIGGER IF EXISTS hub_search_fts_ad",
    "DROP TRIGGER IF EXISTS hub_search_fts_ai",
    "DROP TABLE IF EXISTS hub_search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE hub_search_indexeddocument ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', title_terms), 'A')
            || setweight(to_tsvector('simple', keyword_terms), 'B')
            || setweight(to_tsvector('simple', body_terms), 'D')
        ) STORED""",
    """CREATE INDEX hub_search_document_vector ON hub_search_indexeddocument
        USING gin (search_vector)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS hub_search_document_vector",
    "ALTER TABLE hub_search_indexeddocument DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("hub_search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
