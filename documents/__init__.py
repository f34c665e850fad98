"""The papers a school files (orders, plans, consents) and the bases as spreadsheets (import, export)."""
