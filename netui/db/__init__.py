"""The storage layer: connection, models, migrations and queries. No Textual here."""
