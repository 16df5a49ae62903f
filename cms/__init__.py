"""The project: settings, URLs, the headless API's wiring, middleware, health, the page cache and
background work. Its apps sit beside them: ``cms.editorial`` (pages, blocks, snippets, demo
content), ``cms.insights`` and ``cms.security``."""
