"""Turn a pasted storyboard (Chinese or English, by hand or by a chat model) into a Project.

The stages: ``segment`` makes the paste regular (CRLF, full-width digits, a glued paste
re-split at its labels) and cuts out tables; ``structured`` reads tables and JSON; this
module reads the lines, with explicit sections; ``build`` makes the Project.

Creators paste prompts of many shapes: markdown bold labels (``**镜头**：``), headings,
bullets, full- or half-width colons, shots numbered ``1.`` / ``1、`` / ``镜头1：`` /
``【镜头一】`` / ``Shot 1 —`` / ``[0:00–0:03]``. The parser is a line-by-line state machine
with bounded regular expressions (linear time, no catastrophic backtracking); it never
raises anything but :class:`PromptParseError`.

Choices worth knowing:

- Shot-level labels (camera, description, notes, characters, duration) belong to the
  current shot; a camera or description outside any shot starts one (before the first
  numbered shot it is demoted to continuity notes), characters outside a shot are a cast
  list, notes outside a shot are continuity, a duration outside a shot is ignored.
  Style, aspect, continuity and keywords are always global. Music, sound and atmosphere
  belong to the shot when written inside its block (indented, bulleted, or with no blank
  line since the shot's last line; for headings: deeper than the shot's heading), where
  they land in the shot's notes with their label; otherwise they are global. Unindented
  music / atmosphere lines that end the last shot are the film's (a terse prompt's
  closing lines), so they are global too.
- The film's title is a level-1 heading on the first line, a ``Title:`` / ``标题：`` label,
  or a first line like ``《海岛节日》`` or ``**Island Festival**``; else "Untitled".
- Unlabelled text before the first shot is kept as continuity notes (context every shot
  shares). Unlabelled text inside a shot continues its description (or notes).
- Text with no recognisable shot becomes **one shot** holding the free text (or, if there
  is none, the whole text); only empty input is an error. Missing durations are 4 s.
- Chatter before and after ("好的，以下是…", "Let me know if…") and unknown sections are
  reported in ``Reading.unread``; unknown sections are also kept in continuity under their
  own label, so no film-level text is lost. Sections after the last shot never join it.
- The imported project keeps the default model, provider and per-shot strategy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from studio.core.model import Language, Project
from studio.core.prompts.build import (
    CJK,
    MAX_SHOT_CHARACTERS,
    FilmDraft,
    PromptParseError,
    ShotDraft,
    build,
    has_cjk,
)
from studio.core.prompts.lexicon import CAMERA_WORDS, CHATTER, LABELS, norm
from studio.core.prompts.segment import Table, blocks, normalize, numbered, unglue
from studio.core.prompts.structured import json_film, table_shots
from studio.core.prompts.values import (
    KEYWORD_SPLIT,
    TIMESTAMP_START,
    duration_value,
    parse_size,
    split_keywords,
    take_duration,
)

__all__ = [
    "MAX_INPUT_CHARS",
    "PromptParseError",
    "Reading",
    "detect_language",
    "parse_prompt",
    "read_storyboard",
]

MAX_INPUT_CHARS = 1_000_000

GLOBAL_KEYS = frozenset({"title", "style", "aspect", "continuity", "previously", "keywords"})
SHOT_CAPABLE_KEYS = frozenset({"atmosphere", "music", "sound"})  # shot notes or global
SHOT_KEYS = frozenset({"camera", "description", "notes", "characters", "duration"})
MULTILINE_GLOBALS = frozenset({"style", "continuity", "atmosphere", "music"})
SECTION_KEYS = GLOBAL_KEYS | MULTILINE_GLOBALS | {"shots", "music"}
_LIST_SECTIONS = GLOBAL_KEYS | MULTILINE_GLOBALS  # block sections whose "1." lines are items

# --- regular expressions (all bounded) ------------------------------------------------

_CN_NUM = "零〇一二两三四五六七八九十百"
_SEP_CHARS = " \t:：.．、)）-–—|｜,，"
_HEADING = re.compile(r"^(#{1,6})(?!#)\s*+(.*)$")
_BULLET = re.compile(r"^(?:[-*+–]\s++|[•·●◆▪‣]\s*+)")
_EMOJI = re.compile(
    "^[\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff\U0001f000-\U0001faff"
    "\ufe0f\u200d\u20e3\u2122\u2139\u3030\u303d]++\\s*+"
)
_RULE = re.compile(r"^[-*_=~]{3,}$")
_EMPH = r"(?:\*{1,2}|_{1,2})"
_LABEL = re.compile(
    rf"^{_EMPH}?\s*+(?P<label>[^:：*_\n]{{1,24}}?)\s*+{_EMPH}?\s*+[:：]\s*+{_EMPH}?\s*+"
    r"(?P<value>.*)$",
    re.S,
)
_BOLD_ONLY = re.compile(r"^(?:\*\*|__)(?P<inner>[^*_]{1,200})(?:\*\*|__)$")
_BRACKETED = re.compile(r"^[【\[](?P<inner>[^】\]]{1,60})[】\]]\s*+(?P<rest>.*)$", re.S)
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>.*?)\*\*(?P<rest>.*)$", re.S)
_SECTION_NUMBER = re.compile(rf"^(?:[{_CN_NUM}]{{1,3}}\s*+[、.．]|\d{{1,2}}\s*+[、.．])\s*+")
_SLUGLINE = re.compile(r"^(?:\*\*)?(?:INT|EXT|INT\./EXT|EXT\./INT|I/E)\.?\s++[A-Z0-9]")
_SHOT_MARKERS = (
    re.compile(
        rf"^(?:\*\*)?(?:镜头|分镜|场景|片段|场|幕)\s*+[#＃]?\s*+(?:\d{{1,3}}|[{_CN_NUM}]{{1,4}})"
        r"(?![\d:：]\d)(?!\d)"
    ),
    re.compile(
        rf"^(?:\*\*)?第\s*+(?:\d{{1,3}}|[{_CN_NUM}]{{1,4}})\s*+"
        r"(?:个镜头|个分镜|个画面|镜头|分镜|镜|幕|场|段)"
    ),
    re.compile(r"^(?:\*\*)?(?:shot|scene|clip|card|panel|beat)\s*+[#№]?\s*+\d{1,3}(?!\d)", re.I),
    re.compile(r"^[（(]\s*+\d{1,3}\s*+[)）]"),
    re.compile(r"^(?:\*\*)?\d{1,3}\s*+(?:[.．、)）]|[:：])(?!\d)"),
    re.compile(rf"^[{_CN_NUM}]{{1,3}}\s*+[、．]"),
)
_SHOT_VOTES_ZH = re.compile(
    r"^(?:\*\*)?(?:镜头|分镜|场景|片段|场|幕|第|[零〇一二两三四五六七八九十百])"
)
_CHARACTER = re.compile(
    r"(?P<name>[^;；,，、()（）@\n:：]{1,80}?)[（(]\s*+@(?P<handle>[\w.-]{1,40})\s*+[)）]"
)
_MENTION = re.compile(r"@([\w.-]{1,40})")
_HANDLE_JUNK = re.compile(r"[^\w.-]+")
_COLON = re.compile(r"[:：]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s)")
_TRAILING_DURATION = re.compile(
    r"[,，、;；]\s*+(?P<d>\d{1,3}(?:\.\d)?\s*+(?:s|secs?|seconds?|秒钟?))\s*+(?P<end>[.。]?)\s*+$")


# --- reader state ---------------------------------------------------------------------


@dataclass
class _Line:
    """One non-blank line with its markdown prefixes removed."""

    text: str
    indent: int
    heading: int  # 0 = not a heading
    bulleted: bool
    after_blank: bool


@dataclass
class _State(FilmDraft):
    shot: ShotDraft | None = None  # the shot being read, None outside shots
    section: str | None = None  # the global field unlabelled lines continue
    block: bool = False  # section opened by an empty label or heading
    seen_content: bool = False  # the current block section has received text
    started: bool = False  # any line was read
    keep_tail: bool = False  # the line just read extends the shot's trailing tail
    other_label: str = ""  # the label of an unknown section being read

    def vote(self, word: str) -> None:
        if has_cjk(word):
            self.votes_zh += 1
        else:
            self.votes_en += 1


@dataclass(frozen=True)
class Reading:
    """A storyboard as read: the project, what was not understood, how many shots the text
    numbers (more than ``len(project.shots)`` means the reader missed some)."""

    project: Project
    unread: tuple[str, ...] = ()
    numbered: int = 0
    structured: bool = False  # read from a table or JSON
    shots_found: int = field(default=0)


# --- public API -----------------------------------------------------------------------


def parse_prompt(text: str, *, language: Language | None = None) -> Project:
    """A Project from a pasted storyboard prompt; the language is detected unless given."""
    return read_storyboard(text, language=language).project


def read_storyboard(text: str, *, language: Language | None = None) -> Reading:
    """The storyboard in ``text`` with what the reader could not place."""
    if not isinstance(text, str):
        raise PromptParseError("the prompt must be text")
    if len(text) > MAX_INPUT_CHARS:
        raise PromptParseError(
            f"the prompt is {len(text)} characters; at most {MAX_INPUT_CHARS} can be imported"
        )
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PromptParseError("the prompt is empty: nothing to import")
    regular = normalize(text)
    film = json_film(regular)
    structured = film is not None
    if film is None:
        state = _State()
        for part in blocks(unglue(regular)):
            if isinstance(part, Table):
                _table(state, part)
                structured = True
            else:
                for line in _lines(part):
                    _feed(state, line)
        _promote_tail(state)
        _find_size(state)
        film = state
    lang = language or _detect_language(film, text)
    project = build(film, text, lang)
    return Reading(
        project=project,
        unread=tuple(film.unread),
        numbered=numbered(regular),
        structured=structured,
        shots_found=len(film.shots),
    )


def detect_language(text: str) -> Language:
    """Chinese when CJK characters are at least a quarter of the letters, else English."""
    cjk = len(CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return Language.ZH if cjk and cjk * 4 >= cjk + latin else Language.EN


# --- line handling --------------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blank = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or _RULE.match(stripped):
            blank = True
            continue
        line = _strip_prefix(stripped, len(raw) - len(raw.lstrip()), blank)
        blank = False
        if line.text:
            out.append(line)
    return out


def _strip_prefix(stripped: str, indent: int, after_blank: bool) -> _Line:
    """Remove heading hashes, blockquote marks, bullets and emoji, remembering which were there."""
    heading, bulleted, text = 0, False, stripped
    for _ in range(6):  # nested prefixes such as "> - 🎬 **x**"
        if m := _HEADING.match(text):
            heading, text = len(m.group(1)), m.group(2).rstrip("# \t")
        elif text.startswith(">"):
            text = text[1:].lstrip()
        elif m := _BULLET.match(text):
            bulleted, text = True, text[m.end() :]
        elif m := _EMOJI.match(text):
            text = text[m.end() :]
        elif text.startswith(("**", "__")) and (m := _EMOJI.match(text[2:])):
            text = text[:2] + text[2 + m.end() :]
        else:
            break
    return _Line(text.strip(), indent, heading, bulleted, after_blank)


def _feed(state: _State, line: _Line) -> None:
    """Route one line: shot start, label, heading, or free text."""
    first, state.started = not state.started, True
    state.keep_tail = False
    _route(state, line, first)
    if state.shot is not None and not state.keep_tail:
        state.shot.tail.clear()


def _route(state: _State, line: _Line, first: bool) -> None:
    if line.after_blank:
        _close_inline_section(state)
    in_list_block = state.block and state.section in _LIST_SECTIONS
    if not (in_list_block and not line.heading) and _try_shot_start(state, line):
        return
    if first and line.heading == 1 and not _match_label(line):  # "# Anything" names the film
        state.title = _clean_book_title(line.text)
        return
    if _try_label(state, line):
        return
    if line.heading or _is_unknown_section(line):
        _heading(state, line)
        return
    _free_text(state, line)


def _close_inline_section(state: _State) -> None:
    """A blank line ends an inline label's continuation and a filled block section."""
    if state.section and (not state.block or state.seen_content):
        state.section, state.block = None, False


def _try_shot_start(state: _State, line: _Line) -> bool:
    text = line.text
    if m := _BRACKETED.match(text):
        inner, rest = m.group("inner").strip(), m.group("rest")
        found = _match_shot_marker(inner)
        if found is not None:
            _start_shot(state, line, inner[found:] + " " + rest, inner)
            return True
    if TIMESTAMP_START.match(text):
        _start_shot(state, line, text, text)
        return True
    if _SLUGLINE.match(text):
        seconds, rest = take_duration(text)
        title = _clean_title(rest.strip("*").strip())
        _open_shot(state, ShotDraft(title=title, duration=seconds, heading_level=line.heading,
                                    indent=line.indent))
        state.votes_en += 1
        return True
    found = _match_shot_marker(text)
    if found is None or _is_section_heading(text):
        return False
    _start_shot(state, line, text[found:], text)
    return True


def _is_section_heading(text: str) -> bool:
    """"一、整体风格" / "2. Music:": a numbered film-level section, not a shot."""
    m = _SECTION_NUMBER.match(text)
    if m is None:
        return False
    rest = _Line(text[m.end() :].strip("*_ "), 0, 1, False, False)
    found = _match_label(rest)
    return found is not None and found[0] in SECTION_KEYS


def _match_shot_marker(text: str) -> int | None:
    """End offset of a shot marker (``1.``, ``镜头一``, ``Shot 2``...) at the start of text."""
    for rx in _SHOT_MARKERS:
        if m := rx.match(text):
            return m.end()
    return None


def _start_shot(state: _State, line: _Line, rest: str, marker: str) -> None:
    bold = marker.startswith("**") or rest.lstrip().startswith("**")
    if marker.startswith("**") and rest.lstrip().startswith("**"):
        rest = rest.lstrip()[2:]  # "**Shot 1** — Dawn": the marker's own bold
        bold = False
    title, seconds, description = _split_title(rest, bold=bold)
    draft = ShotDraft(title=title, duration=seconds, heading_level=line.heading,
                      indent=line.indent)
    if description:
        draft.description.append(description)
    _open_shot(state, draft)
    if _SHOT_VOTES_ZH.match(marker):
        state.votes_zh += 1
    elif marker[:1].isalpha():
        state.votes_en += 1


def _open_shot(state: _State, draft: ShotDraft) -> None:
    if state.shots and state.shots[-1].implicit and len(state.shots) == 1 and not draft.implicit:
        _demote_implicit(state, state.shots.pop())
    state.shots.append(draft)
    state.shot = draft
    state.section, state.block = None, False


def _demote_implicit(state: _State, draft: ShotDraft) -> None:
    """A camera/description label before the first numbered shot was global context."""
    state.preamble.extend([*draft.camera, *draft.description, *draft.notes])


def _split_title(rest: str, *, bold: bool = False) -> tuple[str, int | None, str]:
    """(title, seconds, description) from what follows a shot marker.

    A bold title is kept whole ("**1. 开场：日出海天，国旗飘扬**"); so is a plain "beat:
    title" whose second part is short and not a sentence."""
    rest = rest.strip().lstrip(_SEP_CHARS + "】]").strip()
    if bold and "**" in rest and not rest.startswith("**"):  # "**1. 开场：日出（4秒）** tail"
        head, _, tail = rest.partition("**")
        rest = f"**{head.strip('*')}**{tail}"
    if m := _BOLD_TITLE.match(rest):
        seconds, title = _take_duration(m.group("title"))
        more, tail = _take_duration(m.group("rest"))
        return _clean_title(title), seconds or more, tail.strip(_SEP_CHARS + "*").strip()
    seconds, tail = _take_duration(rest)
    tail = tail.strip().lstrip(_SEP_CHARS).strip()
    for sep in ("：", ": ", " — ", " – ", " - ", "——", ":"):
        head, found, after = tail.partition(sep)
        if found and head.strip():
            after = after.strip()
            if sep in ("：", ": ", ":") and after and not _is_sentence(after) and len(after) <= 40:
                return _clean_title(tail), seconds, ""
            return _clean_title(head), seconds, after
    if _is_sentence(tail):
        return "", seconds, tail
    return _clean_title(tail), seconds, ""


def _is_sentence(text: str) -> bool:
    """Prose rather than a title: long, or ending like a sentence."""
    return len(text) > 40 or text.endswith((".", "。", "!", "！", "?", "？")) or "。" in text


def _clean_title(text: str) -> str:
    return text.strip().strip("*_").strip().strip(_SEP_CHARS).strip()


def _take_duration(text: str) -> tuple[int | None, str]:
    return take_duration(text)


# --- tables ---------------------------------------------------------------------------


def _table(state: _State, table: Table) -> None:
    """A table's rows are shots; whatever section was open ends with the table."""
    for draft in table_shots(table):
        _open_shot(state, draft)
        for cell in (*draft.camera, *draft.description):
            state.vote(cell)
    state.shot, state.section, state.block = None, None, False


# --- labels ---------------------------------------------------------------------------


def _try_label(state: _State, line: _Line) -> bool:
    found = _match_label(line)
    if found is None:
        return False
    key, label, value = found
    state.vote(label)
    if key == "shot":
        title, seconds = _shot_label_value(value)
        _open_shot(state, ShotDraft(title=title, duration=seconds, heading_level=line.heading,
                                    indent=line.indent))
    elif key in SHOT_KEYS:
        _shot_label(state, line, key, label, value)
    elif key in SHOT_CAPABLE_KEYS and _inside_shot(state, line):
        _add_note(state, label, value)
        if key != "sound" and not (line.indent or line.bulleted or line.heading):
            assert state.shot is not None
            state.shot.tail.append((key, value))
            state.keep_tail = True
    else:
        _global_label(state, line, "music" if key == "sound" else key, value)
    return True


def _match_label(line: _Line) -> tuple[str, str, str] | None:
    """(key, label as written, value) when the line is a known label."""
    text = line.text
    if m := _BRACKETED.match(text):
        key = _lookup(m.group("inner"))
        if key:
            return key, m.group("inner").strip(), m.group("rest").strip()
    if m := _LABEL.match(text):
        key = _lookup(m.group("label"))
        if key:
            return key, m.group("label").strip(), m.group("value").strip().strip("*_").strip()
    whole = m.group("inner") if (m := _BOLD_ONLY.match(text)) else text if line.heading else None
    if whole is None and (m := _SECTION_NUMBER.match(text)):  # "一、整体风格" on its own
        whole = text[m.end() :]
    if whole is not None and (key := _lookup(whole)):
        return key, whole.strip(" *_"), ""
    return None


def _lookup(label: str) -> str | None:
    """The field a label names, ignoring emoji and a section number ("四、背景音乐")."""
    label = label.strip("*_ ")
    if m := _EMOJI.match(label):
        label = label[m.end() :]
    if m := _SECTION_NUMBER.match(label):
        label = label[m.end() :]
    return LABELS.get(norm(label))


def _is_unknown_section(line: _Line) -> bool:
    """A 【bracketed】 or bold-only line naming no field: a section the reader does not know."""
    text = line.text
    if m := _BRACKETED.match(text):
        return _match_shot_marker(m.group("inner")) is None
    return bool(_BOLD_ONLY.match(text)) and line.after_blank


def _inside_shot(state: _State, line: _Line) -> bool:
    """Whether a music / sound / atmosphere line is written inside the current shot."""
    shot = state.shot
    if shot is None:
        return False
    if line.heading:
        return bool(shot.heading_level) and line.heading > shot.heading_level
    if line.indent < shot.indent:
        return False
    return line.indent > shot.indent or line.bulleted or not line.after_blank


def _shot_label(state: _State, line: _Line, key: str, label: str, value: str) -> None:
    if state.shot is None:
        if key == "camera" and not value:  # "## 镜头" / "**镜头**：" alone opens the shot list
            state.section, state.block = "shots", True
            return
        if key not in ("camera", "description"):
            _loose_shot_label(state, key, label, value)
            return
        _open_shot(state, ShotDraft(implicit=True))
    shot = state.shot
    assert shot is not None
    if key == "duration":
        seconds = duration_value(value)
        if seconds is None:
            _add_note(state, label, value)
        else:
            shot.duration = seconds
        return
    if key == "characters":
        shot.handles.extend(_characters(state, value))
        del shot.handles[MAX_SHOT_CHARACTERS:]
        shot.current = "description"
        return
    if key in ("camera", "description") and shot.duration is None:
        value = _trailing_duration(shot, value)
    if key == "camera" and value and line.bulleted:  # "* **镜头**：航拍。清晨，…" (never the
        value = _camera_first_clause(shot, value)  # composer's own, unbulleted, lines)
    if value:
        getattr(shot, key).append(value)
    shot.current = key if key != "camera" else "description"


def _trailing_duration(shot: ShotDraft, value: str) -> str:
    """"Camera: slow pan, 4 s." / "镜头：横摇，4 秒。": a one-line shot's length, written as
    the last clause of its last field, is the shot's duration, not part of the field."""
    m = _TRAILING_DURATION.search(value)
    if m is None or (seconds := duration_value(m.group("d"))) is None:
        return value
    shot.duration = seconds
    return value[: m.start()].rstrip() + m.group("end")


def _camera_first_clause(shot: ShotDraft, value: str) -> str:
    """"超广角航拍镜头。清晨，金色的阳光…": the camera is the first clause, the rest is action."""
    m = _SENTENCE_END.search(value)
    if m is None:
        return value
    head, rest = value[: m.start()].strip(), value[m.end() :].strip()
    if len(rest) < 6 or not head or len(head) > 60:
        return value
    if not (CAMERA_WORDS.search(head) or "镜头" in head):
        return value
    shot.description.insert(0, rest) if not shot.description else shot.description.append(rest)
    return head


def _loose_shot_label(state: _State, key: str, label: str, value: str) -> None:
    """Characters, notes or a duration outside any shot: a cast list, notes, a total time."""
    if key == "characters":
        _characters(state, value)
    elif key == "notes":
        state.section, state.block, state.seen_content = "continuity", not value, bool(value)
        state.add_global("continuity", value)


def _add_note(state: _State, label: str, value: str) -> None:
    shot = state.shot
    assert shot is not None
    colon = "：" if has_cjk(label) else ": "
    shot.notes.append(f"{label}{colon}{value}" if value else label)
    shot.current = "notes"


def _global_label(state: _State, line: _Line, key: str, value: str) -> None:
    state.shot = None
    state.section, state.block, state.seen_content = key, not value, bool(value)
    if key == "title":
        if value:
            state.title = _clean_book_title(value)
    elif key == "aspect":
        state.size = parse_size(value) or state.size
    elif key == "keywords":
        _add_keywords(state, value)
    elif key in MULTILINE_GLOBALS:
        state.add_global(key, value)


def _shot_label_value(value: str) -> tuple[str, int | None]:
    seconds, rest = _take_duration(value)
    return _clean_title(rest), seconds


def _add_keywords(state: _State, value: str) -> None:
    state.add_keywords(split_keywords(value))
    state.seen_content = state.seen_content or bool(value.strip())


def _characters(state: _State, value: str) -> list[str]:
    """Handles mentioned on a characters line, registering unknown characters."""
    found: list[tuple[str, str, str]] = []
    matches = list(_CHARACTER.finditer(value))
    if matches:
        for m, nxt in zip(matches, [*matches[1:], None], strict=True):
            desc = value[m.end() : nxt.start() if nxt else len(value)]
            desc = desc.lstrip(" \t：:—–-").rstrip(" \t；;,，、").strip()
            found.append((m.group("name").strip(" *_-—–"), m.group("handle"), desc))
    else:
        for item in KEYWORD_SPLIT.split(value):
            name, _, desc = _COLON.sub(":", item, count=1).partition(":")
            mention = _MENTION.search(name)
            name = _MENTION.sub("", name).strip(" *_-—–()（）") or (mention[1] if mention else "")
            handle = mention[1] if mention else _HANDLE_JUNK.sub("-", name).strip("-")[:40]
            if handle:
                found.append((name, handle, desc.strip()))
    return [_register(state, *item) for item in found]


def _register(state: _State, name: str, handle: str, description: str) -> str:
    key = handle.casefold()
    if key not in state.characters:
        state.characters[key] = {
            "name": (name or handle)[:80].strip() or handle,
            "handle": handle,
            "description": description,
        }
    return state.characters[key]["handle"]


def _clean_book_title(text: str) -> str:
    text = text.strip().strip("*_").strip()
    if text.startswith("《") and "》" in text:
        text = text[1 : text.index("》")]
    return " ".join(text.split())[:200]


# --- headings and free text -----------------------------------------------------------


def _heading(state: _State, line: _Line) -> None:
    """An unknown heading or section: the film title at the top, else notes under its label."""
    if _nothing_yet(state) and line.heading:
        state.title = _clean_book_title(line.text)
        return
    state.shot = None
    state.section, state.block, state.seen_content = "preamble", True, False
    state.preamble.append(line.text)


def _free_text(state: _State, line: _Line) -> None:
    text = line.text
    shot = state.shot
    if _is_chatter(state, line):
        state.unread.append(text)
        return
    if shot is not None:
        target = shot.current if shot.current in ("description", "notes") else "description"
        getattr(shot, target).append(text)
        return
    section = state.section
    state.seen_content = True
    if section == "previously":
        return
    if section in MULTILINE_GLOBALS:
        state.add_global(section, text)
    elif section == "keywords":
        _add_keywords(state, text)
    elif section == "aspect":
        state.size = parse_size(text) or state.size
    elif (section == "title" and state.title is None) or _is_book_title(state, text):
        state.title = _clean_book_title(text)
    else:
        state.preamble.append(text)


def _is_chatter(state: _State, line: _Line) -> bool:
    """A chat model's opener or closer: before anything, or after a blank line past the shots."""
    if not CHATTER.match(line.text) or line.indent or line.bulleted:
        return False
    if state.shot is not None:
        return line.after_blank and not state.shot.implicit
    return state.section in (None, "preamble") or state.seen_content


def _nothing_yet(state: _State) -> bool:
    return state.title is None and not (
        state.shots or state.preamble or state.globals or state.keywords or state.size
    )


def _is_book_title(state: _State, text: str) -> bool:
    """A first line like ``《海岛节日》`` or ``**Island Festival**`` names the film."""
    if not _nothing_yet(state):
        return False
    return (text.startswith("《") and "》" in text) or bool(_BOLD_ONLY.match(text))


# --- finishing --------------------------------------------------------------------------


def _detect_language(film: FilmDraft, text: str) -> Language:
    if film.votes_zh != film.votes_en:
        return Language.ZH if film.votes_zh > film.votes_en else Language.EN
    return detect_language(text)


def _promote_tail(state: _State) -> None:
    """Unindented music / atmosphere lines ending the last shot were the film's, not its."""
    if not state.shots or not state.shots[-1].tail:
        return
    last = state.shots[-1]
    del last.notes[-len(last.tail) :]
    for key, value in last.tail:
        state.add_global(key, value)


def _find_size(state: _State) -> None:
    """No aspect label: a ratio written in the opening prose ("4 shots, vertical 9:16")."""
    if state.size is None:
        for text in [*state.preamble, *state.unread][:20]:
            if size := parse_size(text):
                state.size = size
                return
