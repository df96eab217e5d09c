"""Views: every text a user sees, composed from domain values and the catalogue."""
