"""Every message the window can show has a finished zh_CN translation, and the
translations keep what the code fills in (placeholders, plurals, accelerators, markup).

How: ``pyside6-lupdate`` (plus the helper messages scripts/translations.py finds) runs
over studio/ui into a copy of the committed ``.ts``; a message the code has and the file
does not comes out unfinished. Fix a failure with ``make translations`` and translate
what it lists in resources/translations/sora-studio_zh_CN.ts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scripts import translations

TS = translations.ts_path("zh_CN")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][^{}]*\}|%n|</?[a-zA-Z][^>]*>")
FILTER = re.compile(r"\(\*[^)]*\)")  # "(*.mp4)" in a file dialog's filter


def _messages() -> list[tuple[str, str, list[str], bool]]:
    """(context, source, translations, numerus) of the committed file."""
    out = []
    for ctx in ET.parse(TS).getroot().iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            numerus = msg.get("numerus") == "yes"
            texts = [f.text or "" for f in tr.iter("numerusform")] if numerus else [tr.text or ""]
            out.append((ctx.findtext("name") or "", msg.findtext("source") or "", texts, numerus))
    return out


@pytest.mark.timeout(120)
def test_every_message_of_the_window_has_a_finished_zh_CN_translation():
    missing = translations.pending("zh_CN")
    assert not missing, (
        f"{len(missing)} message(s) without a zh_CN translation (run `make translations`, "
        "then translate them in resources/translations/sora-studio_zh_CN.ts):\n"
        + "\n".join(f"  {ctx}: {src!r}" for ctx, src in missing))


@pytest.mark.timeout(120)
def test_a_new_message_without_a_translation_fails_the_check(tmp_path):
    """The check above can fail: one new tr() sentence and one new action, untranslated."""
    widget = tmp_path / "new_widget.py"
    widget.write_text(
        "from PySide6.QtWidgets import QWidget\n\n\n"
        "class NewWidget(QWidget):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.setToolTip(self.tr(\"A sentence nobody translated yet\"))\n", "utf-8")
    table = tmp_path / "new_actions.py"
    table.write_text(
        "from PySide6.QtCore import QCoreApplication\n\n\n"
        "def _tr(text):\n    return QCoreApplication.translate(\"Actions\", text)\n\n\n"
        "SPECS = (Spec(\"x\", \"&Brand New Action\", \"Does a new thing\"),)\n"
        "MENUS = ((\"tools\", \"&Tools\"),)\n"
        "label = _tr(\"Another new label\")\n", "utf-8")
    missing = translations.pending("zh_CN", [*translations.ui_sources(), widget, table])
    assert ("NewWidget", "A sentence nobody translated yet") in missing
    assert {("Actions", "&Brand New Action"), ("Actions", "Does a new thing"),
            ("Actions", "&Tools"), ("Actions", "Another new label")} <= set(missing)
    assert len(missing) == 5


def test_the_action_table_and_helpers_are_in_the_file():
    """Menus and actions are made from data (lupdate alone never saw them)."""
    sources = {(ctx, src) for ctx, src, _, _ in _messages()}
    assert {("Actions", "&File"), ("Actions", "&Generate Shot"), ("Actions", "Open &Recent"),
            ("Problems", "the storyboard has no shots yet"), ("Commands", "title")} <= sources


def _faults(source: str, texts: list[str], numerus: bool) -> list[str]:
    """What a translation lost of its source: placeholders, markup, file patterns, the
    accelerator, the trailing "…", the single plural form."""
    faults = []
    for text in texts:
        if not text.strip():
            faults.append("empty")
            continue
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
            faults.append("placeholders or markup differ")
        if sorted(FILTER.findall(text)) != sorted(FILTER.findall(source)):
            faults.append("file patterns differ")
        if re.search(r"&[^&\s]", source.replace("&&", "")) \
                and not re.search(r"&[^&\s]", text.replace("&&", "")):
            faults.append("no accelerator")
        if source.endswith("…") != text.endswith("…"):
            faults.append("trailing … differs")
    if numerus and ("%n" not in source or len(texts) != 1):
        faults.append("Chinese has one plural form")
    return faults


def test_every_translation_keeps_what_the_code_fills_in():
    bad = [f"{ctx}: {src!r} -> {texts!r}: {', '.join(faults)}"
           for ctx, src, texts, numerus in _messages()
           if (faults := _faults(src, texts, numerus))]
    assert not bad, "\n".join(bad)


def test_the_fault_finder_finds_faults():
    assert _faults("Saved {path}", ["已保存"], False) == ["placeholders or markup differ"]
    assert _faults("&Open…", ["打开…"], False) == ["no accelerator"]
    assert _faults("Open…", ["打开"], False) == ["trailing … differs"]
    assert _faults("Clips (*.mp4)", ["片段（*.mp4）"], False) == ["file patterns differ"]
    assert _faults("<b>{t}</b>", ["{t}"], False) == ["placeholders or markup differ"]
    assert _faults("&Open…", ["打开(&O)…"], False) == []


def test_the_ts_file_is_for_simplified_chinese():
    root = ET.parse(TS).getroot()
    assert root.get("language") == "zh_CN"
    assert Path(TS).is_relative_to(translations.ROOT / "resources" / "translations")


def test_every_field_an_undo_step_names_is_marked_for_translation():
    """``Edit {field}`` (the undo menu) translates the field's name, a runtime string."""
    from studio.ui.commands import FIELD_NAMES
    from studio.ui.document import LOOK_FIELDS, SHOT_FIELDS

    names = {f.replace("_", " ") for f in (*SHOT_FIELDS, *LOOK_FIELDS)}
    assert names <= set(FIELD_NAMES), names - set(FIELD_NAMES)
