"""IPC symbols (International Patent Classification): normalisation, levels and pattern matching.

Accepted inputs: ``G06F40/30``, ``G06F 40/30``, ``G06F0040300000`` (14-character packed form),
``G06F  40/30 (2020.01)``, IPC-R strings ``C07C  15/00        20060101CFI20081203BHCN``, and partial
symbols ``G06F``, ``G06F40``. Normalised form has no spaces: ``G06F40/30``. Pure, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ipcenter.core.errors import InvalidValue

__all__ = ["IpcPattern", "IpcSymbol", "matches_any", "normalize_ipc", "parse_ipc"]

LEVELS = ("section", "class", "subclass", "main_group", "subgroup")

_PACKED = re.compile(r"^([A-H]\d\d[A-Z])(\d{4})(\d{6})$")
_SPACED = re.compile(r"^([A-H])\s*(\d\d)\s*([A-Z])\s*(\d{1,4})?\s*(?:/\s*(\d{1,6}))?")


@dataclass(frozen=True, slots=True, order=True)
class IpcSymbol:
    """An IPC symbol down to the level given; ``main_group``/``subgroup`` are None above that level."""

    subclass: str  # e.g. "G06F"
    main_group: str | None = None  # e.g. "40"
    subgroup: str | None = None  # e.g. "30", "00", "125"

    @property
    def section(self) -> str:
        return self.subclass[0]

    @property
    def ipc_class(self) -> str:
        return self.subclass[:3]

    @property
    def level(self) -> str:
        if self.subgroup is not None:
            return "main_group" if self.subgroup == "00" else "subgroup"
        if self.main_group is not None:
            return "main_group"
        return "subclass"

    @property
    def main_group_symbol(self) -> str | None:
        return f"{self.subclass}{self.main_group}/00" if self.main_group is not None else None

    @property
    def normalized(self) -> str:
        if self.main_group is None:
            return self.subclass
        if self.subgroup is None:
            return f"{self.subclass}{self.main_group}/00"
        return f"{self.subclass}{self.main_group}/{self.subgroup}"

    def __str__(self) -> str:
        return self.normalized


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().upper()


def parse_ipc(text: str) -> IpcSymbol:
    """Parse one IPC symbol in any accepted form. Raises :class:`InvalidValue`."""
    s = _clean(text)
    if not s:
        raise InvalidValue("IPC symbol is empty")
    packed = _PACKED.match(s.replace(" ", ""))
    if packed:
        sub, mg, sg = packed.groups()
        sg = sg.rstrip("0")
        return IpcSymbol(sub, str(int(mg)), sg.ljust(2, "0"))
    m = _SPACED.match(s)
    if not m:
        raise InvalidValue(f"{text!r} is not an IPC symbol (expected e.g. G06F40/30)")
    section, cls, sub, mg, sg = m.groups()
    subclass = f"{section}{cls}{sub}"
    tail = s[m.end() :].strip()
    # What may follow: an edition '(2020.01)', IPC-R data '20060101CFI…', or nothing.
    if tail and not re.match(r"^(\(\d{4}\.\d{2}\)|\d{8}|[A-Z]{1,2}$|;|,)", tail):
        raise InvalidValue(f"{text!r}: unexpected text {tail[:20]!r} after the IPC symbol")
    if mg is None:
        if sg is not None:
            raise InvalidValue(f"{text!r}: subgroup without main group")
        return IpcSymbol(subclass)
    main_group = str(int(mg))
    if sg is None:
        return IpcSymbol(subclass, main_group)
    subgroup = sg.rstrip("0").ljust(2, "0") if len(sg) > 2 else sg.ljust(2, "0")
    return IpcSymbol(subclass, main_group, subgroup)


def normalize_ipc(text: str) -> str:
    """Normalised string form of one symbol (``G06F40/30``)."""
    return parse_ipc(text).normalized


@dataclass(frozen=True, slots=True)
class IpcPattern:
    """A pattern such as ``G06F``, ``G06F40*``, ``H01L31/08*`` or an exact ``G06F40/30``.

    ``X*`` matches X and every symbol below it (textual prefix on the subgroup digits, the usual reading of
    the concordance tables); without ``*`` a subclass (``G06F``) or bare main group (``G06F40``) pattern matches
    everything below it, and a full symbol (``G06F40/30``, ``G06F40/00``) matches only itself.
    """

    subclass: str
    main_group: str | None
    subgroup_prefix: str | None
    wildcard: bool

    @classmethod
    def parse(cls, text: str) -> IpcPattern:
        s = _clean(text).replace(" ", "")
        wildcard = s.endswith("*")
        s = s.rstrip("*")
        m = re.fullmatch(r"([A-H]\d\d[A-Z])(?:(\d{1,4})(?:/(\d{0,6}))?)?", s)
        if not m:
            raise InvalidValue(f"{text!r} is not an IPC pattern (expected e.g. G06F, G06F40*, H01L31/08*)")
        sub, mg, sg = m.groups()
        return cls(sub, str(int(mg)) if mg else None, sg if sg else None, wildcard)

    def matches(self, symbol: IpcSymbol | str) -> bool:
        sym = parse_ipc(symbol) if isinstance(symbol, str) else symbol
        if sym.subclass != self.subclass:
            return False
        if self.main_group is None:
            return True
        if sym.main_group != self.main_group:
            return False
        if self.subgroup_prefix is None:
            return True
        sg = sym.subgroup or "00"
        if self.wildcard:
            return sg.startswith(self.subgroup_prefix)
        return sg == self.subgroup_prefix.ljust(2, "0")


def matches_any(
    symbol: IpcSymbol | str, include: Iterable[IpcPattern], exclude: Iterable[IpcPattern] = ()
) -> bool:
    """True when ``symbol`` matches some include pattern and no exclude pattern."""
    sym = parse_ipc(symbol) if isinstance(symbol, str) else symbol
    return any(p.matches(sym) for p in include) and not any(p.matches(sym) for p in exclude)
