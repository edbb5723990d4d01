"""Every visible string in studio/ui goes through Qt's translation (the seam), checked on
the source (AST), like tests/test_layers.py checks imports.

A string literal (or f-string, or ``"...".format``) that reaches a visible-text Qt API —
a widget constructor, ``setText``/``setToolTip``/…, a menu or tab title, a message box,
a file dialog's title or filter, ``drawText``, or what a model's ``data()``/``headerData()``
returns — fails, unless it holds no letters ("…", "·", "%", digits) or its line says
``# i18n: not text`` (file names, model ids: use sparingly). Module constants, local
variables and the returns of the module's own functions are followed, so a table of
English words used later (``COLUMNS[section]``) is caught too. Inside ``tr()`` the text
must be a plain literal (no f-string: the translator could never match it) and must not
be an English "(s)" plural.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "studio" / "ui"
EXEMPT = "# i18n: not text"

#: Widgets (and items) whose constructor arguments are visible text.
CONSTRUCTORS = frozenset({
    "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton", "QGroupBox",
    "QAction", "QDockWidget", "QMessageBox", "QCommandLinkButton", "QMenu",
    "QTreeWidgetItem", "QListWidgetItem", "QTableWidgetItem", "QStandardItem",
})
#: Methods whose arguments are visible text (any receiver: the AST has no types).
METHODS = frozenset({
    "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis",
    "setPlaceholderText", "setTitle", "addTab", "insertTab", "setTabText", "setTabToolTip",
    "addMenu", "addAction", "addItem", "insertItem", "addItems", "setItemText",
    "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setHeaderLabels",
    "setHeaderLabel", "showMessage", "setInformativeText", "setDetailedText", "addRow",
    "setSuffix", "setPrefix", "setSpecialValueText", "setLabelText", "setAccessibleName",
    "setAccessibleDescription", "drawText", "addButton", "setFormat", "showText",
})
#: Calls that hand their first argument on as text (``fm.elidedText(title, …)``).
PASS_THROUGH = frozenset({"elidedText", "str", "strip", "replace", "upper", "lower",
                          "capitalize", "title"})
#: Static dialogs, by their class (``log.warning(...)`` is not a dialog).
STATIC = {
    "QMessageBox": frozenset({"question", "critical", "warning", "information", "about"}),
    "QFileDialog": frozenset({"getOpenFileName", "getOpenFileNames", "getSaveFileName",
                              "getExistingDirectory"}),
    "QInputDialog": frozenset({"getText", "getItem", "getInt", "getDouble"}),
}
#: Arguments that are never text (a parent, a path, a combo box entry's data).
NOT_TEXT_KEYWORDS = frozenset({"parent", "objectName", "userData", "dir", "directory"})
#: Methods whose model returns are visible (for Qt.DisplayRole / Qt.ToolTipRole).
MODEL_METHODS = frozenset({"data", "headerData"})
TRANSLATORS = frozenset({"tr", "translate", "_tr", "qsTr"})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [a.arg for a in fn.args.posonlyargs + fn.args.args]


def _is_static_dialog(node: ast.Call) -> bool:
    f = node.func
    return isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) \
        and f.attr in STATIC.get(f.value.id, ())


def _callee(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


class _Checker:
    """Finds untranslated text in one module's source."""

    def __init__(self, source: str, path: str) -> None:
        self.path = path
        self.lines = source.splitlines()
        self.tree = ast.parse(source, filename=path)
        self.found: list[Finding] = []
        self.consts: dict[str, ast.expr] = {}
        self.funcs: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
        for node in self.tree.body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if isinstance(t, ast.Name):
                        self.consts[t.id] = node.value
        for node in ast.walk(self.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.funcs.setdefault(node.name, []).append(node)
        self._parents = {c: p for p in ast.walk(self.tree) for c in ast.iter_child_nodes(p)}
        #: (function, parameter index) pairs whose argument reaches visible text.
        self.text_params: set[tuple[str, int]] = set()

    # -- what counts as text -----------------------------------------------------
    def _exempt(self, node: ast.AST) -> bool:
        first = getattr(node, "lineno", 0)
        last = getattr(node, "end_lineno", first) or first
        return any(EXEMPT in self.lines[i - 1] for i in range(first, last + 1)
                   if 0 < i <= len(self.lines))

    def _flag(self, node: ast.AST, text: str) -> None:
        if not self._exempt(node):
            self.found.append(Finding(self.path, getattr(node, "lineno", 0), text))

    def _function_of(self, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        while node in self._parents:
            node = self._parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None

    def text(self, expr: ast.expr | None, seen: frozenset[int] = frozenset()) -> None:
        """Flag the untranslated words ``expr`` can evaluate to."""
        if expr is None or id(expr) in seen or self._exempt(expr):
            return
        seen = seen | {id(expr)}
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str) and _has_words(expr.value):
                self._flag(expr, repr(expr.value))
        elif isinstance(expr, ast.JoinedStr):
            for part in expr.values:
                if isinstance(part, ast.Constant):
                    self.text(part, seen)
                elif isinstance(part, ast.FormattedValue):
                    self.text(part.value, seen)
        elif isinstance(expr, ast.BinOp):
            self.text(expr.left, seen)
            self.text(expr.right, seen)
        elif isinstance(expr, ast.IfExp):
            self.text(expr.body, seen)
            self.text(expr.orelse, seen)
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                self.text(v, seen)
        elif isinstance(expr, ast.Tuple | ast.List | ast.Set):
            for v in expr.elts:
                self.text(v, seen)
        elif isinstance(expr, ast.Dict):
            for v in expr.values:
                self.text(v, seen)
        elif isinstance(expr, ast.Subscript):
            self.text(expr.value, seen)
        elif isinstance(expr, ast.Name):
            self._name(expr, seen)
        elif isinstance(expr, ast.Call):
            self._call_result(expr, seen)

    def _name(self, name: ast.Name, seen: frozenset[int]) -> None:
        fn = self._function_of(name)
        local = [n for n in ast.walk(fn) if isinstance(n, ast.Assign)
                 and any(isinstance(t, ast.Name) and t.id == name.id for t in n.targets)] \
            if fn is not None else []
        if local:
            for a in local:
                self.text(a.value, seen)
        elif fn is not None and name.id in _params(fn):
            self.text_params.add((fn.name, _params(fn).index(name.id)))
        elif name.id in self.consts:
            self.text(self.consts[name.id], seen)

    def _call_result(self, call: ast.Call, seen: frozenset[int]) -> None:
        name = _callee(call)
        if name in TRANSLATORS:
            return
        f = call.func
        if isinstance(f, ast.Attribute) and name == "format":
            self.text(f.value, seen)  # "...".format(): the template must be translated
        elif isinstance(f, ast.Attribute) and name == "get":
            self.text(f.value, seen)  # WORDS.get(key, default)
            for a in call.args[1:]:
                self.text(a, seen)
        elif isinstance(f, ast.Attribute) and name == "join":
            for a in call.args:
                self.text(a, seen)
        elif name in PASS_THROUGH:
            if isinstance(f, ast.Attribute) and name != "elidedText":
                self.text(f.value, seen)  # "text".upper(), title.replace(…)
            if call.args and (name in ("elidedText", "str")):
                self.text(call.args[0], seen)
        elif name in self.funcs and (isinstance(f, ast.Name) or (
                isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name)
                and f.value.id in ("self", "cls"))):
            for fn in self.funcs[name]:
                if id(fn) in seen:
                    continue
                for node in ast.walk(fn):
                    if isinstance(node, ast.Return) and self._function_of(node) is fn:
                        self.text(node.value, seen | {id(fn)})

    # -- where text goes ------------------------------------------------------------
    def _text_args(self, call: ast.Call, name: str) -> list[ast.expr]:
        args = list(call.args)
        if name == "addItem":  # (text, data) or (icon, text, data)
            args = args[1:2] if len(args) >= 3 else args[:1]
        elif name == "insertItem":  # (index, text, data) or (index, icon, text, data)
            args = args[2:3] if len(args) >= 4 else args[1:2]
        elif name.startswith("get") and name.endswith(("FileName", "FileNames", "Directory")):
            args = [a for i, a in enumerate(args) if i != 2]  # (parent, caption, dir, filter)
        return args + [k.value for k in call.keywords
                       if k.arg is not None and k.arg not in NOT_TEXT_KEYWORDS]

    def run(self) -> list[Finding]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                name = _callee(node)
                if name in CONSTRUCTORS or name in METHODS or _is_static_dialog(node):
                    for arg in self._text_args(node, name):
                        self.text(arg)
                if name in TRANSLATORS:
                    self._check_source_text(node)
            elif isinstance(node, ast.FunctionDef) and node.name in MODEL_METHODS:
                for ret in ast.walk(node):
                    if isinstance(ret, ast.Return) and self._function_of(ret) is node:
                        self.text(ret.value)
        self._helpers_callers()
        return sorted(set(self.found), key=lambda f: (f.line, f.text))

    def _helpers_callers(self) -> None:
        """A helper that passes its parameter on to visible text: check what callers pass."""
        done: set[tuple[str, int]] = set()
        while todo := self.text_params - done:
            for fname, index in todo:
                done.add((fname, index))
                method = any(_params(f)[:1] in (["self"], ["cls"]) for f in self.funcs[fname])
                for call in ast.walk(self.tree):
                    if not isinstance(call, ast.Call) or _callee(call) != fname:
                        continue
                    i = index - 1 if method else index
                    if 0 <= i < len(call.args):
                        self.text(call.args[i])
                    param = _params(self.funcs[fname][0])[index]
                    for k in call.keywords:
                        if k.arg == param:
                            self.text(k.value)

    def _check_source_text(self, call: ast.Call) -> None:
        """The text inside tr(): a plain literal, without an English "(s)" plural."""
        args = call.args[1:] if _callee(call) == "translate" else call.args
        if not args:
            return
        text = args[0]
        if isinstance(text, ast.JoinedStr) or (
                isinstance(text, ast.BinOp) and not isinstance(text.op, ast.Mod)) or (
                isinstance(text, ast.Call) and _callee(text) == "format"):
            self._flag(text, "tr() of a built string: write tr('… {name}').format(name=…)")
        elif isinstance(text, ast.Constant) and isinstance(text.value, str) \
                and "(s)" in text.value:
            self._flag(text, f"{text.value!r}: write the singular and the plural as two texts")


def check_source(source: str, path: str = "<test>") -> list[Finding]:
    return _Checker(source, path).run()


def main() -> None:
    """``python tests/ui/test_translation_seam.py``: every finding, one per line."""
    for path in _ui_files():
        for f in check_source(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent))):
            print(f)


def _ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


@pytest.mark.parametrize("path", _ui_files(), ids=lambda p: str(p.relative_to(UI)))
def test_visible_strings_go_through_tr(path: Path) -> None:
    found = check_source(path.read_text(encoding="utf-8"), str(path.relative_to(UI.parent)))
    assert not found, "untranslated visible text:\n" + "\n".join(map(str, found))


def test_every_ui_file_is_checked() -> None:
    assert len(_ui_files()) > 20 and UI / "takes_panel.py" in _ui_files()


# -- the checker itself -------------------------------------------------------------------
BAD = '''
from PySide6.QtWidgets import QLabel, QMessageBox, QFileDialog
WORDS = {"done": "Done", "failed": "Failed"}
COLUMNS = ("Shot", "Cost")

def word(state):
    return WORDS.get(state, "?")

class Model:
    def headerData(self, section, orientation, role):
        return COLUMNS[section]

    def data(self, index, role):
        return self._display(index)

    def _display(self, index):
        label = f"Take {index}"
        return label

class Panel:
    def build(self, n, name):
        QLabel("Hello")
        self.button.setText(f"Play {name}")
        self.button.setToolTip(text="Start the clip")
        self.status.setText(word(n))
        self.tabs.addTab(self.page, "Takes")
        self.box.setInformativeText("Nothing was sent: {why}".format(why=name))
        QMessageBox.question(self, "Delete?", "Delete the shot?")
        QFileDialog.getSaveFileName(self, "Save", "", "Projects (*.sorastudio)")
        self.combo.addItem("English", "en")
        self.title.setText(self.tr(f"Shot {n}"))
        self.count.setText(self.tr("%n shot(s)", "", n))
        self.heading.setText("Takes of " + name)
        self.badge.drawText(rect, 0, fm.elidedText(name or "Untitled", 1, 80))
        self.title_edit = _line("Short name of the shot")


def _line(placeholder):
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit
'''

GOOD = '''
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QFileDialog

def _tr(text):
    return QCoreApplication.translate("Panel", text)

class Panel:
    def build(self, n, name, path):
        QLabel(self.tr("Hello"))
        QLabel("…")
        QLabel(f"{n} %")
        self.button.setText(self.tr("Play {name}").format(name=name))
        self.progress.setText(f"{n} · {n}")
        self.file.setText(path.name)
        self.model_id.setText("sora-2-pro")  # i18n: not text
        self.count.setText(self.tr("one shot") if n == 1 else _tr("{n} shots").format(n=n))
        self.combo.addItem(self.tr("English"), "en")
        self.setObjectName("Panel")
        QFileDialog.getSaveFileName(self, self.tr("Save"), "", _tr("Projects (*.sorastudio)"))
'''


def test_checker_catches_every_kind_of_bypass() -> None:
    found = check_source(BAD)
    texts = " | ".join(f.text for f in found)
    for expected in ("'Done'", "'Failed'", "'Shot'", "'Cost'", "'Take '", "'Hello'",
                     "'Play '", "'Start the clip'", "'Takes'", "'Nothing was sent: {why}'",
                     "'Delete?'", "'Delete the shot?'", "'Save'", "'Projects (*.sorastudio)'",
                     "'English'", "tr() of a built string", "two texts", "'Takes of '",
                     "'Short name of the shot'", "'Untitled'"):
        assert expected in texts, f"missed {expected}: {texts}"
    assert "'en'" not in texts  # a combo box entry's data is not text


def test_checker_accepts_translated_and_wordless_text() -> None:
    assert check_source(GOOD) == []


def test_the_exemption_is_per_line() -> None:
    src = 'QLabel("sora-2")  # i18n: not text\nQLabel("sora-2")\n'
    assert [f.line for f in check_source(src)] == [2]


if __name__ == "__main__":
    main()
