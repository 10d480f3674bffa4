"""Errors raised by the pure core. Messages are for people: say what is wrong and what was expected."""


class InvalidValue(ValueError):
    """A value (number, date, symbol, status) that does not follow its rules."""
