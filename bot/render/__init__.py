"""Renderers of files users receive: the progress chart (PNG) and the Excel workbook."""
