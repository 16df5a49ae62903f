"""The table behind every chart: the page prints it, the chart draws it and the CSV is it."""

import csv
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpResponse

from cms.security.spreadsheets import csv_safe


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False
    sortable: bool = True


@dataclass
class Row:
    cells: list
    depth: int = 0
    href: str = ""  # a link for the first cell


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Column]
    rows: list[Row]
    sortable: bool = False
    sort: str = ""
    descending: bool = False
    empty_text: str = "Nothing to show for this filter."
    base_params: dict = field(default_factory=dict)

    def headers(self) -> list[dict]:
        """Column headings with the link that sorts by each (server-side, no script needed)."""
        headings = []
        for column in self.columns:
            heading = {"column": column, "aria_sort": "", "url": ""}
            if self.sortable and column.sortable:
                current = self.sort == column.key
                if current:
                    heading["aria_sort"] = "descending" if self.descending else "ascending"
                # Numbers sort largest first on the first click; names alphabetically.
                descending = not self.descending if current else column.numeric
                params = {
                    **self.base_params,
                    "sort": column.key,
                    "order": "desc" if descending else "asc",
                }
                heading["url"] = f"?{urlencode(params)}#{self.id}"
            headings.append(heading)
        return headings

    def column_values(self, key: str) -> list:
        index = [column.key for column in self.columns].index(key)
        return [row.cells[index] for row in self.rows]

    def labels(self) -> list[str]:
        return [str(row.cells[0]) for row in self.rows]


def table_csv_response(*, table: Table, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow([column.label for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_safe(cell) for cell in row.cells])
    return response
