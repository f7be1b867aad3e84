"""Dialect-aware SQL: the calendar period of a date ("2020-04", "2020-Q2", "2020"), a timestamp's UTC day.

The labels sort chronologically as text on every backend, so reports can GROUP BY and
ORDER BY them directly. The format strings are fixed literals (never parameters), so the
same expression in SELECT and GROUP BY is recognised as one by PostgreSQL.
"""
from __future__ import annotations

from sqlalchemy import Date, String
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

from logistics.domain.reports import PERIODS


class period_of(ColumnElement):
    """The period label of a date column: month "YYYY-MM", quarter "YYYY-Qn" or year "YYYY"."""

    type = String()
    inherit_cache = True
    # SQLAlchemy's own declaration (an instance variable on its base), so no ClassVar here.
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),  # noqa: RUF012
                           ("period", InternalTraversal.dp_string)]

    def __init__(self, column, period: str):
        if period not in PERIODS:
            raise ValueError(f"unknown period {period!r}: use one of {', '.join(PERIODS)}")
        self.column = column
        self.period = period


class utc_day(ColumnElement):
    """The UTC calendar day of a timestamp column (an actual dispatch), as a date on every backend."""

    type = Date()
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column):
        self.column = column


@compiles(utc_day, "sqlite")
def _sqlite_day(element: utc_day, compiler, **kw) -> str:
    # SQLite keeps timestamps as UTC text (models/types.py): date() takes its day
    return f"date({compiler.process(element.column, **kw)})"


@compiles(utc_day, "postgresql")
def _postgresql_day(element: utc_day, compiler, **kw) -> str:
    # a timestamptz's day depends on the session's time zone unless it is named
    return f"CAST(({compiler.process(element.column, **kw)} AT TIME ZONE 'UTC') AS DATE)"


@compiles(utc_day)
def _other_day(element: utc_day, compiler, **kw) -> str:
    raise CompileError(f"no UTC day expression for the {compiler.dialect.name} dialect")


@compiles(period_of, "sqlite")
def _sqlite(element: period_of, compiler, **kw) -> str:
    column = compiler.process(element.column, **kw)
    if element.period == "month":
        return f"strftime('%Y-%m', {column})"
    if element.period == "year":
        return f"strftime('%Y', {column})"
    return (f"(strftime('%Y', {column}) || '-Q' || "
            f"((CAST(strftime('%m', {column}) AS INTEGER) + 2) / 3))")


@compiles(period_of, "postgresql")
def _postgresql(element: period_of, compiler, **kw) -> str:
    column = compiler.process(element.column, **kw)
    pattern = {"month": "YYYY-MM", "quarter": 'YYYY-"Q"Q', "year": "YYYY"}[element.period]
    return f"to_char({column}, '{pattern}')"


@compiles(period_of)
def _other(element: period_of, compiler, **kw) -> str:
    raise CompileError(f"no period expression for the {compiler.dialect.name} dialect")
