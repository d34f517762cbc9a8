"""The store: the records in SQLite (store/connection.py says how sqlite-utils joins)."""
