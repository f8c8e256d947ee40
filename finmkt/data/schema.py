"""Dataset schemas: the single description used by the loaders (validation),
the data dictionary (``datasets/README.md``) and the generator (column order)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # "int", "float", "str", "date", "bool"
    unit: str
    meaning: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    #: rows scale with ``--scale`` (customer-level tables) or stay fixed (market tables)
    scales: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: large tables are stored gzip-compressed (``.csv.gz``, written with mtime 0 so
    #: regeneration stays byte-identical)
    compressed: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.csv.gz" if self.compressed else f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def cols(*specs: tuple[str, str, str, str]) -> tuple[Column, ...]:
    """Build a column tuple from ``(name, dtype, unit, meaning)`` rows."""
    return tuple(Column(*s) for s in specs)


def param_cols(value: str = "Value", unit: str = "Unit of the value",
               source: str = "Where the value comes from",
               meaning: str = "What the parameter means", value_dtype: str = "float") -> tuple[Column, ...]:
    """The columns of a family's parameters table (key, value, unit, source, meaning): the
    inputs of a lesson's conventions, each with its source."""
    return cols(("key", "str", "", "Parameter name"), ("value", value_dtype, "", value),
                ("unit", "str", "", unit), ("source", "str", "", source), ("meaning", "str", "", meaning))

