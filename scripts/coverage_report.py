"""Line coverage per layer, from the combined data of `make coverage`; exits 1 on a miss.

Why per layer: the layers are the architecture (docs/ARCHITECTURE.md), and the bars of
issue 14 are set per layer. Every ``.py`` file under ``studio/`` counts, imported or not:
a module no test (and no process a test started) ever loaded is 0 %, not left out.

    python scripts/coverage_report.py [--data FILE] [--missing]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import coverage
from coverage.exceptions import NoSource, NotPython

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "studio"
LAYERS = ("core", "media", "storage", "localserver", "services", "app", "ui", "cli")
BARS = {"core": 90.0, "storage": 90.0, "services": 90.0, "localserver": 90.0, "ui": 80.0}


@dataclass
class Tally:
    statements: int = 0
    missing: int = 0
    files: list[tuple[str, int, int]] = field(default_factory=list)  # (path, stmts, miss)

    @property
    def percent(self) -> float:
        if not self.statements:
            return 100.0
        return 100.0 * (self.statements - self.missing) / self.statements


def layer_of(path: Path) -> str | None:
    """``studio/<layer>/...`` -> layer; ``studio/cli.py`` -> "cli"; else None."""
    rel = path.relative_to(PACKAGE).parts
    if len(rel) == 1:
        return "cli" if rel[0] == "cli.py" else None
    return rel[0] if rel[0] in LAYERS else None


def tally(cov: coverage.Coverage) -> dict[str, Tally]:
    layers = {name: Tally() for name in LAYERS}
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = layer_of(path)
        if layer is None:
            continue
        try:
            _, statements, _, missing, _ = cov.analysis2(str(path))
        except (NoSource, NotPython):
            continue
        t = layers[layer]
        t.statements += len(statements)
        t.missing += len(missing)
        t.files.append((str(path.relative_to(ROOT)), len(statements), len(missing)))
    return layers


def report(layers: dict[str, Tally], show_files: bool) -> list[str]:
    """Print the table; return the layers below their bar."""
    misses = []
    print(f"{'layer':<12} {'stmts':>6} {'miss':>6} {'cover':>7}  bar")
    for name, t in layers.items():
        bar = BARS.get(name)
        if not t.statements:
            print(f"{name:<12} {'-':>6} {'-':>6} {'-':>7}  (no code yet)")
            continue
        verdict = ""
        if bar is not None:
            ok = t.percent >= bar
            verdict = f">= {bar:.0f}%  {'ok' if ok else 'MISSED'}"
            if not ok:
                misses.append(name)
        print(f"{name:<12} {t.statements:>6} {t.missing:>6} {t.percent:>6.1f}%  {verdict}")
        if show_files:
            for path, stmts, miss in t.files:
                if miss:
                    pct = 100.0 * (stmts - miss) / stmts if stmts else 100.0
                    print(f"    {path:<52} {stmts:>5} {miss:>5} {pct:>6.1f}%")
    return misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="combined coverage data file (default: COVERAGE_FILE)")
    parser.add_argument("--missing", action="store_true", help="list the files with misses")
    args = parser.parse_args(argv)
    config = str(ROOT / "pyproject.toml")
    # data_file=None would mean "keep no data file", so only pass one that was asked for.
    extra = {"data_file": args.data} if args.data else {}
    cov = coverage.Coverage(config_file=config, **extra)
    cov.load()
    if not cov.get_data().measured_files():
        print("coverage_report: no coverage data (run `make coverage`)", file=sys.stderr)
        return 2
    misses = report(tally(cov), args.missing)
    if misses:
        print(f"coverage below the bar in: {', '.join(misses)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
