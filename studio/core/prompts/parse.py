"""Turn a pasted structured storyboard prompt (Chinese or English) into a Project.

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
- The imported project keeps the default model, provider and per-shot strategy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from studio.core.model import Language, Look, Project
from studio.core.prompts.compose import UNTITLED, PromptError

MAX_INPUT_CHARS = 1_000_000
DEFAULT_SECONDS = 4
MAX_KEYWORDS = 200
MAX_SHOT_CHARACTERS = 20

RATIO_SIZES = {
    (16, 9): "1280x720",
    (9, 16): "720x1280",
    (1, 1): "480x480",
    (7, 4): "1792x1024",
    (4, 7): "1024x1792",
}
ORIENTATION_WORDS = {
    "竖屏": "720x1280", "竖版": "720x1280", "vertical": "720x1280", "portrait": "720x1280",
    "横屏": "1280x720", "横版": "1280x720", "landscape": "1280x720",
    "horizontal": "1280x720", "widescreen": "1280x720",
    "方形": "480x480", "正方形": "480x480", "square": "480x480",
}  # fmt: skip


class PromptParseError(PromptError):
    """The text cannot become a project (empty, too long, or values out of range)."""


# --- labels ---------------------------------------------------------------------------

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "片名", "名称", "题目", "影片名", "title", "film title"),
    "style": ("风格", "画风", "视觉风格", "整体风格", "影像风格", "美术风格",
              "style", "visual style", "look", "art style", "aesthetic"),
    "aspect": ("画幅", "比例", "画面比例", "宽高比", "画幅比例", "尺寸", "分辨率", "横竖屏",
               "aspect", "aspect ratio", "ratio", "size", "format", "resolution"),
    "continuity": ("连贯性", "连续性", "一致性", "整体说明", "全局说明",
                   "continuity", "continuity notes", "consistency", "overall"),
    "previously": ("上一镜头", "前一镜头", "前情", "承接", "previously", "previous shot"),
    "shots": ("分镜", "分镜头", "分镜脚本", "镜头列表", "镜头脚本",
              "shots", "shot list", "storyboard", "scenes", "sequence"),
    "shot": ("本镜头", "当前镜头", "shot", "this shot"),
    "camera": ("镜头", "运镜", "机位", "镜头运动", "景别", "摄影", "摄像机", "镜头语言", "拍摄手法",
               "camera", "camera move", "camera movement", "camera motion", "shot type",
               "lens", "framing", "angle", "movement"),
    "description": ("画面", "内容", "描述", "画面描述", "动作", "情节", "场景", "画面内容",
                    "description", "action", "visual", "visuals", "scene", "what we see",
                    "picture", "content", "details"),
    "characters": ("角色", "人物", "出场人物", "出场角色", "characters", "character", "cast"),
    "notes": ("备注", "注释", "说明", "提示", "注意", "notes", "note", "remarks", "comment"),
    "sound": ("音效", "声音", "音频", "声效", "同期声",
              "sound", "audio", "sfx", "sound effects", "sound design"),
    "atmosphere": ("氛围", "气氛", "情绪", "基调", "意境",
                   "atmosphere", "mood", "tone", "ambience", "ambiance", "vibe", "feeling"),
    "keywords": ("关键词", "关键字", "标签", "keywords", "key words", "tags"),
    "music": ("音乐", "配乐", "背景音乐", "bgm", "music", "soundtrack", "score"),
    "duration": ("时长", "时间", "持续时间", "秒数", "duration", "length", "time", "timing"),
}  # fmt: skip
_LABELS = {syn.casefold(): key for key, syns in _SYNONYMS.items() for syn in syns}
GLOBAL_KEYS = frozenset({"title", "style", "aspect", "continuity", "previously", "keywords"})
SHOT_CAPABLE_KEYS = frozenset({"atmosphere", "music", "sound"})  # shot notes or global
SHOT_KEYS = frozenset({"camera", "description", "notes", "characters", "duration"})
MULTILINE_GLOBALS = frozenset({"style", "continuity", "atmosphere", "music"})
_LIST_SECTIONS = GLOBAL_KEYS | MULTILINE_GLOBALS  # block sections whose "1." lines are items

# --- regular expressions (all bounded) ------------------------------------------------

_CN_NUM = "零〇一二两三四五六七八九十百"
_SEP_CHARS = " \t:：.．、)）-–—|｜,，"
_HEADING = re.compile(r"^(#{1,6})(?!#)\s*+(.*)$")
_BULLET = re.compile(r"^(?:[-*+–]\s++|[•·●◆▪‣]\s*+)")
_RULE = re.compile(r"^[-*_=~]{3,}$")
_LABEL = re.compile(
    r"^(?:\*\*|__)?\s*+(?P<label>[^:：*_\n]{1,24}?)\s*+(?:\*\*|__)?\s*+[:：]\s*+(?:\*\*|__)?\s*+"
    r"(?P<value>.*)$",
    re.S,
)
_BOLD_ONLY = re.compile(r"^(?:\*\*|__)(?P<inner>[^*_]{1,200})(?:\*\*|__)$")
_BRACKETED = re.compile(r"^[【\[](?P<inner>[^】\]]{1,60})[】\]]\s*+(?P<rest>.*)$", re.S)
_BOLD_TITLE = re.compile(r"^\*\*(?P<title>.*?)\*\*(?P<rest>.*)$", re.S)
_SHOT_MARKERS = (
    re.compile(
        rf"^(?:\*\*)?(?:镜头|分镜|场景|片段)\s*+[#＃]?\s*+(?:\d{{1,3}}|[{_CN_NUM}]{{1,4}})(?!\d)"
    ),
    re.compile(
        rf"^(?:\*\*)?第\s*+(?:\d{{1,3}}|[{_CN_NUM}]{{1,4}})\s*+"
        r"(?:个镜头|个分镜|个画面|镜头|分镜|镜|幕|场|段)"
    ),
    re.compile(r"^(?:\*\*)?(?:shot|scene|clip)\s*+[#№]?\s*+\d{1,3}(?!\d)", re.I),
    re.compile(r"^[（(]\s*+\d{1,3}\s*+[)）]"),
    re.compile(r"^(?:\*\*)?\d{1,3}\s*+(?:[.．、)）]|[:：])(?!\d)"),
    re.compile(rf"^[{_CN_NUM}]{{1,3}}\s*+[、．]"),
)
_SHOT_VOTES_ZH = re.compile(r"^(?:\*\*)?(?:镜头|分镜|场景|片段|第|[零〇一二两三四五六七八九十百])")
_NUM = r"\d{1,4}(?:\.\d{1,3})?"
_UNIT = r"(?:seconds?|secs?|s|秒钟?)(?![A-Za-z])"
_CLOCK = r"\d{1,2}:\d{2}"
_DASH = r"[-–—~～至到]"
_DURATION = re.compile(
    rf"(?<![0-9A-Za-z.:])(?:(?P<c1>{_CLOCK})\s*+{_DASH}\s*+(?P<c2>{_CLOCK})"
    rf"|(?P<a>{_NUM})\s*+(?:s|秒)?\s*+{_DASH}\s*+(?P<b>{_NUM})\s*+{_UNIT}"
    rf"|(?P<n>{_NUM})\s*+{_UNIT})"
)
_TIMESTAMP_START = re.compile(
    rf"^[\[(（【]?\s*+(?:{_CLOCK}\s*+{_DASH}\s*+{_CLOCK}|{_NUM}\s*+(?:s|秒)?\s*+{_DASH}\s*+{_NUM}\s*+{_UNIT})"
    r"\s*+[\])）】]?"
)
_EMPTY_BRACKETS = re.compile(r"[（(\[【]\s*+[)）\]】]")
_BARE_NUMBER = re.compile(r"^\s*+(\d{1,4})(?:\.\d{1,3})?\s*+$")
_SIZE = re.compile(r"(?<!\d)(\d{2,5})\s*+[x×X*]\s*+(\d{2,5})(?!\d)")
_RATIO = re.compile(r"(?<!\d)(\d{1,2})\s*+[:：/比]\s*+(\d{1,2})(?!\d)")
_KEYWORD_SPLIT = re.compile(r"[,，、;；]")
_CHARACTER = re.compile(
    r"(?P<name>[^;；,，、()（）@\n:：]{1,80}?)[（(]\s*+@(?P<handle>[\w.-]{1,40})\s*+[)）]"
)
_MENTION = re.compile(r"@([\w.-]{1,40})")
_HANDLE_JUNK = re.compile(r"[^\w.-]+")
_COLON = re.compile(r"[:：]")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _has_cjk(text: str) -> bool:
    return any(_is_cjk(ch) for ch in text)


# --- parser state ---------------------------------------------------------------------


@dataclass
class _ShotDraft:
    title: str = ""
    duration: int | None = None
    camera: list[str] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    current: str = "description"  # the field unlabelled lines continue
    heading_level: int = 0
    implicit: bool = False  # opened by a camera/description label, not by a shot marker
    tail: list[tuple[str, str]] = field(default_factory=list)  # trailing music/atmosphere


@dataclass
class _Line:
    """One non-blank line with its markdown prefixes removed."""

    text: str
    indent: int
    heading: int  # 0 = not a heading
    bulleted: bool
    after_blank: bool


@dataclass
class _State:
    title: str | None = None
    size: str | None = None
    globals: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    characters: dict[str, dict[str, str]] = field(default_factory=dict)
    shots: list[_ShotDraft] = field(default_factory=list)
    shot: _ShotDraft | None = None  # the shot being read, None outside shots
    section: str | None = None  # the global field unlabelled lines continue
    block: bool = False  # section opened by an empty label or heading
    seen_content: bool = False  # the current block section has received text
    started: bool = False  # any line was read
    keep_tail: bool = False  # the line just read extends the shot's trailing tail
    votes_zh: int = 0
    votes_en: int = 0

    def add_global(self, key: str, value: str) -> None:
        if value:
            self.globals.setdefault(key, []).append(value)

    def vote(self, word: str) -> None:
        if _has_cjk(word):
            self.votes_zh += 1
        else:
            self.votes_en += 1


# --- public API -----------------------------------------------------------------------


def parse_prompt(text: str, *, language: Language | None = None) -> Project:
    """A Project from a pasted storyboard prompt; the language is detected unless given."""
    if not isinstance(text, str):
        raise PromptParseError("the prompt must be text")
    if len(text) > MAX_INPUT_CHARS:
        raise PromptParseError(
            f"the prompt is {len(text)} characters; at most {MAX_INPUT_CHARS} can be imported"
        )
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise PromptParseError("the prompt is empty: nothing to import")
    state = _State()
    for line in _lines(text):
        _feed(state, line)
    return _build(state, text, language or _detect_language(state, text))


def detect_language(text: str) -> Language:
    """Chinese when CJK characters are at least a quarter of the letters, else English."""
    cjk = sum(1 for ch in text if _is_cjk(ch))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
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
    """Remove heading hashes, blockquote marks and bullets, remembering which were there."""
    heading, bulleted, text = 0, False, stripped
    for _ in range(4):  # nested prefixes such as "> - **x**"
        if m := _HEADING.match(text):
            heading, text = len(m.group(1)), m.group(2).rstrip("# \t")
        elif text.startswith(">"):
            text = text[1:].lstrip()
        elif m := _BULLET.match(text):
            bulleted, text = True, text[m.end() :]
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
    if first and line.heading == 1:  # "# Anything" on top names the film
        state.title = _clean_book_title(line.text)
        return
    if _try_label(state, line):
        return
    if line.heading:
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
    if _TIMESTAMP_START.match(text):
        _start_shot(state, line, text, text)
        return True
    found = _match_shot_marker(text)
    if found is None:
        return False
    _start_shot(state, line, text[found:], text)
    return True


def _match_shot_marker(text: str) -> int | None:
    """End offset of a shot marker (``1.``, ``镜头一``, ``Shot 2``...) at the start of text."""
    for rx in _SHOT_MARKERS:
        if m := rx.match(text):
            return m.end()
    return None


def _start_shot(state: _State, line: _Line, rest: str, marker: str) -> None:
    if marker.startswith("**") and rest.lstrip().startswith("**"):
        rest = rest.lstrip()[2:]  # "**Shot 1** — Dawn": the marker's own bold
    title, seconds, description = _split_title(rest)
    draft = _ShotDraft(title=title, duration=seconds, heading_level=line.heading)
    if description:
        draft.description.append(description)
    _open_shot(state, draft)
    if _SHOT_VOTES_ZH.match(marker):
        state.votes_zh += 1
    elif marker[:1].isalpha():
        state.votes_en += 1


def _open_shot(state: _State, draft: _ShotDraft) -> None:
    if state.shots and state.shots[-1].implicit and len(state.shots) == 1 and not draft.implicit:
        _demote_implicit(state, state.shots.pop())
    state.shots.append(draft)
    state.shot = draft
    state.section, state.block = None, False


def _demote_implicit(state: _State, draft: _ShotDraft) -> None:
    """A camera/description label before the first numbered shot was global context."""
    state.preamble.extend([*draft.camera, *draft.description, *draft.notes])


def _split_title(rest: str) -> tuple[str, int | None, str]:
    """(title, seconds, description) from what follows a shot marker."""
    rest = rest.strip().lstrip(_SEP_CHARS + "】]").strip()
    if m := _BOLD_TITLE.match(rest):
        seconds, tail = _take_duration(m.group("rest"))
        return m.group("title").strip(), seconds, tail.strip(_SEP_CHARS + "*").strip()
    seconds, tail = _take_duration(rest)
    tail = tail.strip().lstrip(_SEP_CHARS).strip()
    for sep in ("：", ": ", " — ", " – ", " - ", "——", ":"):
        head, found, after = tail.partition(sep)
        if found and head.strip():
            return _clean_title(head), seconds, after.strip()
    if _is_sentence(tail):
        return "", seconds, tail
    return _clean_title(tail), seconds, ""


def _is_sentence(text: str) -> bool:
    """Prose rather than a title: long, or ending like a sentence."""
    return len(text) > 40 or text.endswith((".", "。", "!", "！", "?", "？")) or "。" in text


def _clean_title(text: str) -> str:
    return text.strip().strip("*_").strip().strip(_SEP_CHARS).strip()


def _take_duration(text: str) -> tuple[int | None, str]:
    """The first duration in text (``4秒``, ``(4s)``, ``0–3s``, ``0:00-0:04``) and the rest."""
    m = _DURATION.search(text)
    if m is None:
        return None, text
    rest = _EMPTY_BRACKETS.sub("", text[: m.start()] + text[m.end() :])
    return _seconds(m), rest


def _seconds(m: re.Match[str]) -> int | None:
    if m.group("c1"):
        value = _clock(m.group("c2")) - _clock(m.group("c1"))
    elif m.group("a"):
        value = float(m.group("b")) - float(m.group("a"))
    else:
        value = float(m.group("n"))
    if value <= 0:
        return None
    return max(1, min(120, int(value + 0.5)))


def _clock(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


# --- labels ---------------------------------------------------------------------------


def _try_label(state: _State, line: _Line) -> bool:
    found = _match_label(line)
    if found is None:
        return False
    key, label, value = found
    state.vote(label)
    if key == "shot":
        title, seconds = _shot_label_value(value)
        _open_shot(state, _ShotDraft(title=title, duration=seconds, heading_level=line.heading))
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
        key = _LABELS.get(_norm(m.group("inner")))
        if key:
            return key, m.group("inner").strip(), m.group("rest").strip()
    if m := _LABEL.match(text):
        key = _LABELS.get(_norm(m.group("label")))
        if key:
            return key, m.group("label").strip(), m.group("value").strip()
    whole = m.group("inner") if (m := _BOLD_ONLY.match(text)) else text if line.heading else None
    if whole is not None and (key := _LABELS.get(_norm(whole))):
        return key, whole.strip(), ""
    return None


def _norm(label: str) -> str:
    return " ".join(label.strip("*_ ").casefold().split())


def _inside_shot(state: _State, line: _Line) -> bool:
    """Whether a music / sound / atmosphere line is written inside the current shot."""
    shot = state.shot
    if shot is None:
        return False
    if line.heading:
        return bool(shot.heading_level) and line.heading > shot.heading_level
    return line.indent > 0 or line.bulleted or not line.after_blank


def _shot_label(state: _State, line: _Line, key: str, label: str, value: str) -> None:
    if state.shot is None:
        if key == "camera" and not value:  # "## 镜头" / "**镜头**：" alone opens the shot list
            state.section, state.block = "shots", True
            return
        if key not in ("camera", "description"):
            _loose_shot_label(state, key, label, value)
            return
        _open_shot(state, _ShotDraft(implicit=True))
    shot = state.shot
    assert shot is not None
    if key == "duration":
        seconds = _duration_value(value)
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
    if value:
        getattr(shot, key).append(value)
    shot.current = key if key != "camera" else "description"


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
    colon = "：" if _has_cjk(label) else ": "
    shot.notes.append(f"{label}{colon}{value}" if value else label)
    shot.current = "notes"


def _global_label(state: _State, line: _Line, key: str, value: str) -> None:
    state.shot = None
    state.section, state.block, state.seen_content = key, not value, bool(value)
    if key == "title":
        if value:
            state.title = _clean_book_title(value)
    elif key == "aspect":
        state.size = _parse_size(value) or state.size
    elif key == "keywords":
        _add_keywords(state, value)
    elif key in MULTILINE_GLOBALS:
        state.add_global(key, value)


def _shot_label_value(value: str) -> tuple[str, int | None]:
    seconds, rest = _take_duration(value)
    return _clean_title(rest), seconds


def _duration_value(value: str) -> int | None:
    seconds, _ = _take_duration(value)
    if seconds is None and (m := _BARE_NUMBER.match(value)):
        seconds = max(1, min(120, int(m.group(1)))) if int(m.group(1)) > 0 else None
    return seconds


def _parse_size(text: str) -> str | None:
    """An explicit ``WxH``, else a known ratio or orientation word mapped to its default size."""
    if m := _SIZE.search(text):
        w, h = int(m.group(1)), int(m.group(2))
        if 10 <= w <= 99_999 and 10 <= h <= 99_999:
            return f"{w}x{h}"
    if m := _RATIO.search(text):
        size = RATIO_SIZES.get((int(m.group(1)), int(m.group(2))))
        if size:
            return size
    low = text.casefold()
    return next((size for word, size in ORIENTATION_WORDS.items() if word in low), None)


def _add_keywords(state: _State, value: str) -> None:
    parts = _KEYWORD_SPLIT.split(value)
    if len(parts) == 1 and value.lstrip().startswith("#"):
        parts = value.split()
    for part in parts:
        word = part.strip().lstrip("#").strip()
        if word and len(state.keywords) < MAX_KEYWORDS:
            state.keywords.append(word)
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
        for item in _KEYWORD_SPLIT.split(value):
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
    """An unknown heading: the film title at the top, else the start of loose notes."""
    if _nothing_yet(state):
        state.title = _clean_book_title(line.text)
        return
    state.shot = None
    state.section, state.block, state.seen_content = "preamble", True, False
    state.preamble.append(line.text)


def _free_text(state: _State, line: _Line) -> None:
    text = line.text
    shot = state.shot
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
        state.size = _parse_size(text) or state.size
    elif (section == "title" and state.title is None) or _is_book_title(state, text):
        state.title = _clean_book_title(text)
    else:
        state.preamble.append(text)


def _nothing_yet(state: _State) -> bool:
    return state.title is None and not (
        state.shots or state.preamble or state.globals or state.keywords or state.size
    )


def _is_book_title(state: _State, text: str) -> bool:
    """A first line like ``《海岛节日》`` or ``**Island Festival**`` names the film."""
    if not _nothing_yet(state):
        return False
    return (text.startswith("《") and "》" in text) or bool(_BOLD_ONLY.match(text))


# --- building the project ---------------------------------------------------------------


def _detect_language(state: _State, text: str) -> Language:
    if state.votes_zh != state.votes_en:
        return Language.ZH if state.votes_zh > state.votes_en else Language.EN
    return detect_language(text)


def _build(state: _State, text: str, language: Language) -> Project:
    drafts = state.shots
    _promote_tail(state)
    preamble = "\n".join(state.preamble)
    continuity = state.globals.get("continuity", [])
    if not drafts:
        drafts = [_ShotDraft(description=[preamble or text.strip()])]
    elif preamble:
        continuity = [*continuity, preamble]
    data = {
        "title": state.title or UNTITLED,
        "language": language,
        "look": {
            "style": "\n".join(state.globals.get("style", [])),
            "size": state.size or Look().size,
            "atmosphere": "\n".join(state.globals.get("atmosphere", [])),
            "keywords": state.keywords,
            "music": "\n".join(state.globals.get("music", [])),
            "continuity": "\n".join(continuity),
        },
        "shots": [_shot_data(d) for d in drafts],
        "characters": list(state.characters.values()),
    }
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        raise PromptParseError(f"the prompt does not fit a project: {_first_error(exc)}") from None


def _promote_tail(state: _State) -> None:
    """Unindented music / atmosphere lines ending the last shot were the film's, not its."""
    if not state.shots or not state.shots[-1].tail:
        return
    last = state.shots[-1]
    del last.notes[-len(last.tail) :]
    for key, value in last.tail:
        state.add_global(key, value)


def _shot_data(draft: _ShotDraft) -> dict[str, object]:
    camera_sep = "；" if any(_has_cjk(c) for c in draft.camera) else "; "
    return {
        "title": draft.title,
        "description": "\n".join(draft.description),
        "camera": camera_sep.join(draft.camera),
        "duration": draft.duration or DEFAULT_SECONDS,
        "notes": "\n".join(draft.notes),
        "characters": list(dict.fromkeys(draft.handles)),
    }


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err.get("loc", ()))
    if len(loc) >= 2 and loc[0] == "shots" and isinstance(loc[1], int):
        where = f"shot {loc[1] + 1}: " + ".".join(str(p) for p in loc[2:])
    else:
        where = ".".join(str(p) for p in loc)
    return f"{where}: {err.get('msg', 'invalid value')}"
