"""Figure, bar, verdict: how every benchmark reports, so that a miss fails the run.

Each measured figure is printed beside its bar and its verdict, e.g.
``worst stall 81.3 ms (bar <= 50 ms) MISSED``, and a benchmark ends with
``raise SystemExit(card.finish())``: 0 when every bar is met, ``MISSED_EXIT`` after one
line naming the benchmark and the figures it missed otherwise, so ``make bench`` stops at
the first miss and says which (a crash exits 1, a miss 3: the two read differently).
Performance is measured here, never asserted in tests: on a loaded CI machine timings are
noise, while a benchmark run on a quiet machine is the evidence.

Not named ``bench_*.py``: the Makefile runs every such file as a benchmark.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

MISSED_EXIT = 3


@dataclass(frozen=True)
class Figure:
    """One measured number and the bar it must meet (a ceiling, or a floor if ``at_least``)."""

    name: str
    value: float
    bar: float
    unit: str = "ms"
    at_least: bool = False
    digits: int = 1

    @property
    def met(self) -> bool:
        return self.value >= self.bar if self.at_least else self.value <= self.bar

    def __str__(self) -> str:
        op = ">=" if self.at_least else "<="
        verdict = "ok" if self.met else "MISSED"
        value = self._with_unit(f"{self.value:.{self.digits}f}")
        return f"{self.name} {value} (bar {op} {self._with_unit(f'{self.bar:g}')}) {verdict}"

    def _with_unit(self, number: str) -> str:
        gap = "" if self.unit in ("", "x", "%") else " "  # 2.50x, 81.3 ms
        return f"{number}{gap}{self.unit}"


@dataclass
class Scorecard:
    """The figures of one benchmark run, printed as they are checked."""

    bench: str = field(default_factory=lambda: Path(sys.argv[0]).stem)
    figures: list[Figure] = field(default_factory=list)

    def check(self, name: str, value: float, bar: float, unit: str = "ms", *,
              at_least: bool = False, digits: int = 1, detail: str = "") -> Figure:
        """Record a figure and print it with its bar and verdict (``detail`` after it)."""
        figure = Figure(name, value, bar, unit, at_least, digits)
        self.figures.append(figure)
        print(f"{figure}{'; ' + detail if detail else ''}", flush=True)
        return figure

    @property
    def missed(self) -> list[Figure]:
        return [f for f in self.figures if not f.met]

    def finish(self) -> int:
        """The process exit code; on a miss, first one line saying which figures missed."""
        if not self.figures:
            raise RuntimeError(f"{self.bench}: no figure was checked against a bar")
        if not self.missed:
            n = len(self.figures)
            print(f"{self.bench}: every bar met ({n} figure{'s' * (n != 1)})", flush=True)
            return 0
        print(f"{self.bench} MISSED: " + "; ".join(str(f) for f in self.missed), flush=True)
        return MISSED_EXIT
