"""The sheets of the `/export` workbook, each a list of columns over plain rows (bot/render/workbook.py)."""
