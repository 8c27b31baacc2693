"""The chart's figures as an Excel workbook, embedded in the document beside the chart.

Word opens this workbook when the coordinator chooses "Redigera data" on the chart;
the chart part refers to its cells (``Blad1!$B$2:$B$31``) and caches their values, so
the chart shows without it and edits flow back into the chart. Written with XlsxWriter
(pure Python, imports in a few milliseconds once the standard library is loaded).

Layout: column A the years (as text, as the chart's categories), then one column per
series with its name in row 1: cost, cost reductions, and the repayment years (1 in
each repayment year) when the plan has any.
"""

from __future__ import annotations

import io

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from templates.chart import YEAR_LABEL, ChartData

SHEET = "Blad1"  # what Swedish Excel calls a new workbook's first sheet
AMOUNT_FORMAT = "#,##0"  # Excel shows it with the reader's separators: 1 200 000
REPAYMENT_NOTE = "1 = året skuggas i diagrammet"


def _absolute(cell: str) -> str:
    column = cell.rstrip("0123456789")
    return f"${column}${cell[len(column) :]}"


def cell_ref(row: int, column: int) -> str:
    """An absolute reference to one cell of the sheet (0-based row and column)."""
    return f"{SHEET}!{_absolute(xl_rowcol_to_cell(row, column))}"


def column_ref(column: int, count: int) -> str:
    """An absolute reference to the ``count`` data cells below a column's header."""
    name = xl_col_to_name(column)
    return f"{SHEET}!${name}$2:${name}${count + 1}"


def workbook(data: ChartData) -> bytes:
    """The .xlsx holding exactly the figures the chart shows."""
    buffer = io.BytesIO()
    # in_memory: no temporary files; the workbook is a few kilobytes.
    book = Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": data.description[:255], "author": "Idébot"})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    amount = book.add_format({"num_format": AMOUNT_FORMAT})
    sheet.write_string(0, 0, YEAR_LABEL, bold)
    for row, year in enumerate(data.years, start=1):
        sheet.write_string(row, 0, year)
    for column, series in enumerate(data.series, start=1):
        sheet.write_string(0, column, series.name, bold)
        for row, value in enumerate(series.values, start=1):
            if value is not None:
                sheet.write_number(row, column, value, amount)
    if data.repayment is not None:
        note = len(data.series) + 1
        sheet.write_string(0, note, REPAYMENT_NOTE)
        sheet.set_column(note, note, 30)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, len(data.series), 18)
    sheet.set_row(0, 45)
    sheet.freeze_panes(1, 1)
    book.close()
    return buffer.getvalue()
