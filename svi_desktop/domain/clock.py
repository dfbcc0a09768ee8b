"""Today, for the rules of a contract's life after the award (its start, the periods rated): one place to read it,
so that the tests can let time pass between the award and the ratings a year later, as it does."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()
