#!/usr/bin/env python3
"""tests/tools/xlsx_check.py WORKBOOK.xlsx REPORT.json

Reads a workbook written by `gongkai report render --to xlsx` with openpyxl
(an independent reader) and compares it with the report JSON:
  - the first sheet 报告信息 names the agency (B3), year (B4, a number) and
    format key (B5);
  - the table sheets, in order, hold exactly the JSON's numbers: the numeric
    cells of a sheet in row-major order equal the non-null cells of the
    JSON table in row and column order (tables with no number are skipped
    on both sides), compared as exact decimals; no number is stored as text.
Prints one summary line; exits 1 on the first difference."""
import json
import sys
from decimal import Decimal

import openpyxl


def table_numbers(t):
    rows = t.get("rows", t)
    out = []
    for row in rows.values():
        for v in row.values():
            if v is not None:
                out.append(Decimal(str(v)))
    return out


def sheet_numbers(ws):
    out = []
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if isinstance(v, bool):
                continue
            if isinstance(v, (int, float)):
                out.append(Decimal(repr(v)) if isinstance(v, float) else Decimal(v))
            elif isinstance(v, str) and v.strip().replace(".", "", 1).isdigit() and c.row > 1 \
                    and c.data_type == "s" and c.column > 1 and ws.title != "报告信息":
                raise SystemExit(f"{ws.title}!{c.coordinate}: number stored as text {v!r}")
    return out


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        rep = json.load(f, parse_float=Decimal)
    info = wb.worksheets[0]
    if info.title != "报告信息":
        raise SystemExit(f"first sheet is {info.title!r}")
    if info["B3"].value != rep.get("agency"):
        raise SystemExit(f"agency {info['B3'].value!r} != {rep.get('agency')!r}")
    if info["B4"].value != rep.get("year") or not isinstance(info["B4"].value, int):
        raise SystemExit(f"year {info['B4'].value!r} != {rep.get('year')!r}")
    if info["B5"].value != rep.get("format"):
        raise SystemExit(f"format {info['B5'].value!r} != {rep.get('format')!r}")
    want = [n for n in (table_numbers(t) for t in rep["tables"].values()) if n]
    got = [n for n in (sheet_numbers(ws) for ws in wb.worksheets[1:]) if n]
    if len(want) != len(got):
        raise SystemExit(f"{len(got)} sheets with numbers, JSON has {len(want)} tables with numbers")
    total = 0
    for k, (w, g) in enumerate(zip(want, got)):
        if w != g:
            i = next((i for i in range(min(len(w), len(g))) if w[i] != g[i]), min(len(w), len(g)))
            raise SystemExit(f"table {k + 1}: number {i + 1} differs: "
                             f"xlsx {g[i] if i < len(g) else 'missing'} json {w[i] if i < len(w) else 'missing'}")
        total += len(w)
    print(f"{len(got)} sheets, {total} numbers")


main()
