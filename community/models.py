"""Community models arrive with issue 4 (members, comments, forum)."""
