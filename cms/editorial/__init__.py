"""Editorial content: the hub's Wagtail pages, their blocks and snippets (champions,
organisations, the strategy's goals), the site settings and the demo content. App label
``cms``, as its tables and migrations have always had."""
