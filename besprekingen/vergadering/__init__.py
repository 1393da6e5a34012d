"""Running the meeting: agenda, verslag, besluiten, acties, closing."""
