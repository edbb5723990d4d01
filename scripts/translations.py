"""Keep the interface's translations current: extract, compile, and list what is missing.

    python scripts/translations.py update   # messages of studio/ui -> resources/translations/*.ts
    python scripts/translations.py release  # *.ts -> *.qm (build output, not in git)
    python scripts/translations.py check    # exit 1 listing messages without a translation

``make translations`` runs the first two. The ``.ts`` files are the translators' source of
truth (edit them in ``pyside6-linguist`` or by hand); ``update`` keeps every existing
translation and adds new messages as unfinished, dropping ones no longer in the code.

Why more than plain ``pyside6-lupdate``: lupdate sees ``tr("…")``, ``translate(ctx, "…")``
and ``QT_TRANSLATE_NOOP``, but not the modules' one-line helpers
(``def _tr(text): return QCoreApplication.translate("Ctx", text)``) nor the action table
(``Spec(id, text, tip, …)`` and ``MENUS`` in studio/ui/actions.py, translated when the
actions are made). Those are found on the AST and handed to lupdate as a generated file of
``QT_TRANSLATE_NOOP`` lines, so one lupdate run merges everything.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "studio" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LOCALES = ("zh_CN",)
#: Where the generated helper-message file goes (build output).
EXTRA = ROOT / "build" / "translations" / "helper_messages.py"


def ts_path(locale: str) -> Path:
    return TRANSLATIONS / f"sora-studio_{locale}.ts"


def qm_path(locale: str) -> Path:
    return TRANSLATIONS / f"sora-studio_{locale}.qm"


def tool(name: str) -> str:
    """A Qt tool of the virtualenv this Python runs in (``pyside6-lupdate``), else PATH's."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"translations: {name} not found (it comes with PySide6)")
    return found


# -- messages lupdate cannot see ----------------------------------------------------------
@dataclass(frozen=True)
class Message:
    context: str
    source: str
    where: str  # "studio/ui/x.py:12", for the translator


def _translate_context(fn: ast.FunctionDef) -> str | None:
    """``"Ctx"`` when ``fn`` is ``def f(text): return QCoreApplication.translate("Ctx", text)``."""
    body = [s for s in fn.body if not (isinstance(s, ast.Expr)
                                       and isinstance(s.value, ast.Constant))]
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "translate" and len(call.args) == 2):
        return None
    ctx, text = call.args
    params = [a.arg for a in fn.args.args]
    if isinstance(ctx, ast.Constant) and isinstance(ctx.value, str) \
            and isinstance(text, ast.Name) and text.id in params:
        return ctx.value
    return None


def _literal(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def helper_messages(path: Path) -> list[Message]:
    """The literal texts a module hands to its own translate helpers (and, in the module
    that translates them, the ``Spec`` texts and tips and the ``MENUS`` titles)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    helpers = {fn.name: ctx for fn in tree.body if isinstance(fn, ast.FunctionDef)
               and (ctx := _translate_context(fn)) is not None}
    if not helpers:
        return []
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    found: list[Message] = []

    def add(ctx: str, node: ast.AST | None) -> None:
        if (text := _literal(node)) is not None and text.strip():
            found.append(Message(ctx, text, f"{rel}:{getattr(node, 'lineno', 0)}"))

    table_ctx = next(iter(helpers.values()))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in helpers and node.args:
                add(helpers[node.func.id], node.args[0])
            elif node.func.id == "Spec":  # Spec(id, text, tip, ...)
                for arg in node.args[1:3]:
                    add(table_ctx, arg)
                for kw in node.keywords:
                    if kw.arg in ("text", "tip"):
                        add(table_ctx, kw.value)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "MENUS" for t in node.targets) \
                and isinstance(node.value, ast.Tuple):
            for item in node.value.elts:  # (("file", "&File"), ...)
                if isinstance(item, ast.Tuple) and len(item.elts) == 2:
                    add(table_ctx, item.elts[1])
    return found


def ui_sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def _py_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def write_helper_messages(target: Path = EXTRA, sources: list[Path] | None = None) -> Path:
    """The helpers' messages as ``QT_TRANSLATE_NOOP`` lines lupdate reads."""
    lines = ['"""Generated by scripts/translations.py: messages lupdate cannot see in place."""',
             "from PySide6.QtCore import QT_TRANSLATE_NOOP", ""]
    for path in sources if sources is not None else ui_sources():
        for m in helper_messages(path):
            lines.append(f"QT_TRANSLATE_NOOP({_py_string(m.context)}, {_py_string(m.source)})"
                         f"  # {m.where}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", "utf-8")
    return target


# -- the three commands -------------------------------------------------------------------
def update(ts: Path, extra: Path = EXTRA, sources: list[Path] | None = None) -> None:
    """lupdate over ``sources`` (studio/ui) and their helpers' messages into ``ts``,
    keeping every translation it already has."""
    sources = ui_sources() if sources is None else sources
    write_helper_messages(extra, sources)
    ts.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in sources] + [str(extra)]
    subprocess.run([tool("pyside6-lupdate"), "-silent", "-no-obsolete", "-locations",
                    "relative", *files, "-ts", str(ts)], check=True)


def release(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message in ``ts`` without a finished translation."""
    missing: list[tuple[str, str]] = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
            text = "".join(forms) if msg.get("numerus") == "yes" else (
                tr.text or "" if tr is not None else "")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") \
                    or not text.strip() or (forms and not all(f.strip() for f in forms)):
                missing.append((name, msg.findtext("source") or ""))
    return missing


def pending(locale: str, sources: list[Path] | None = None) -> list[tuple[str, str]]:
    """What the committed ``.ts`` lacks for the code as it is now: lupdate runs on a copy."""
    with tempfile.TemporaryDirectory(prefix="sora-studio-ts-") as tmp:
        copy = Path(tmp) / ts_path(locale).name
        if ts_path(locale).exists():
            shutil.copyfile(ts_path(locale), copy)
        update(copy, Path(tmp) / "helper_messages.py", sources)
        return unfinished(copy)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        for locale in LOCALES:
            update(ts_path(locale))
            left = unfinished(ts_path(locale))
            print(f"translations: {ts_path(locale).relative_to(ROOT)}: "
                  f"{len(left)} message(s) to translate")
        return 0
    if command == "release":
        for locale in LOCALES:
            release(ts_path(locale), qm_path(locale))
        return 0
    if command == "check":
        status = 0
        for locale in LOCALES:
            for ctx, source in pending(locale):
                print(f"{locale}: {ctx}: {source!r}")
                status = 1
        return status
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
