"""Pure domain logic: no Textual here."""
