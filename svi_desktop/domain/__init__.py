"""The domain of a tender evaluation: plain dataclasses and rules, no Qt and no SQL."""
