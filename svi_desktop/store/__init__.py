"""The tender file: one SQLite file per tender, reached only through `TenderFile`. No Qt here."""
