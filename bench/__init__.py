"""Performance and fault-injection harness (run from the repository root)."""
