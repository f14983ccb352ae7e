#!/usr/bin/python3
"""Writes an XLSX workbook for the import tests with openpyxl: make_xlsx.py OUT ROWS_JSON,
ROWS_JSON an array of rows (arrays of strings and numbers), the first being the header."""
import json
import sys

import openpyxl

wb = openpyxl.Workbook()
ws = wb.active
with open(sys.argv[2], encoding="utf-8") as f:
    for row in json.load(f):
        ws.append(row)
wb.save(sys.argv[1])
