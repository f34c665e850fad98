"""Monitoring reports (004 §7–§8): one report model per report, built by one function from the database,
rendered as an HTML page, an XLSX workbook with native charts and a PDF made from the same HTML."""
