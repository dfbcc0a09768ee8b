"""Named operations: each performs one change in one transaction and writes its audit row."""
