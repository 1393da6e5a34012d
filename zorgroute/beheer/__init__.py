"""Beheer: the beheerder manages the school roster and staff accounts (manage_roster)."""
