"""Renderers of files users receive: the progress chart (PNG), the export workbook, and the plan and 核查
templates (XLSX, CSV)."""
