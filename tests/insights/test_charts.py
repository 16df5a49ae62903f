"""The server-drawn charts: safe, told apart without colour, every bar labelled."""

import re

from cms.insights.charts import Series, bar_chart


def chart(**overrides):
    arguments = {
        "chart_id": "test-chart",
        "title": "Groups & demand",
        "labels": ["Housing <script>alert(1)</script>", "Economy"],
        "series": [Series("Groups", [3, 0]), Series("Demand", [7, 2]), Series("Late", [1, 1])],
    } | overrides
    return str(bar_chart(**arguments))


def test_text_is_escaped_and_nothing_runs():
    svg = chart()
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "Groups &amp; demand" in svg
    assert "style=" not in svg and "onload" not in svg


def test_series_differ_by_pattern_not_only_colour():
    svg = chart()
    fills = set(re.findall(r'<rect x="250" y="\d+" width="[\d.]+" height="16" fill="([^"]+)"', svg))
    assert fills == {"#1d70b8", "url(#test-chart-hatched)", "url(#test-chart-dotted)"}
    assert '<pattern id="test-chart-hatched"' in svg and '<pattern id="test-chart-dotted"' in svg


def test_every_bar_carries_its_number_and_the_chart_names_its_table():
    svg = chart()
    numbers = re.findall(r'fill="#0b0c0c">(\d+)</text>', svg)
    assert numbers == ["3", "7", "1", "0", "2", "1"]
    assert 'role="img"' in svg and "The table after the chart holds the same figures." in svg


def test_bars_are_in_proportion():
    svg = chart(series=[Series("Groups", [10, 5])], labels=["A", "B"])
    widths = [float(w) for w in re.findall(r'<rect x="250" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] > 0


def test_nothing_to_draw_draws_nothing():
    assert chart(labels=[]) == ""
