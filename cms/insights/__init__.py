"""Insights for the hub team: where engagement is missing, by theme, with charts."""
