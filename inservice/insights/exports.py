"""A figure's table as text and as a CSV file: one rule for the page's data table and the CSV
download, so both show the same numbers. Plain digits (no grouping, a dot for decimals, at most
two places): what a spreadsheet reads back as the number it is."""

from __future__ import annotations

import csv
import io

from inservice.insights.figures.base import Cell, Figure


def cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):  # a bool is an int to Python; figures do not mean it as one
        return str(int(cell))
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return number_text(cell)
    return cell


def number_text(value: float) -> str:
    rounded = round(value, 2)
    if rounded == 0:
        return "0"  # never "-0"
    return f"{rounded:.2f}".rstrip("0").rstrip(".")


def defused(cell: Cell) -> str:
    """A cell for a CSV file: text a spreadsheet would run as a formula (=, +, -, @, a tab or a
    carriage return first) gets a leading apostrophe; numbers stay numbers."""
    text = cell_text(cell)
    if isinstance(cell, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def text_rows(figure: Figure) -> list[list[str]]:
    return [[cell_text(cell) for cell in row] for row in figure.rows]


def csv_text(figure: Figure) -> str:
    """The header row (the table's columns), then one line per row of the table."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([defused(column) for column in figure.columns])
    writer.writerows([defused(cell) for cell in row] for row in figure.rows)
    return out.getvalue()
