"""Search index models arrive with issue 3 (faceted search)."""
