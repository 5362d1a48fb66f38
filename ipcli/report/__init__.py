"""Reports: the task ledger as an Excel workbook, an HTML report, a 新旧对照 diff page.

``report_page(library, entries)`` → one self-contained HTML file (heatmap of 保护司, 商标局…
by document, deadlines by month, keyword trends, outlines); ``workbook_bytes(sheets)`` → .xlsx.
May import ``ipcli.analyses`` and everything below it, Jinja2 and openpyxl; never click.
"""
