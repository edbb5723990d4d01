"""Storyboards that arrive as data: tables (markdown or tab-separated) and JSON.

A table row or a JSON shot becomes a ShotDraft; a JSON storyboard's film-level keys fill
the FilmDraft. Keys and headers are looked up in ``lexicon`` (``COLUMNS``, ``FILM_KEYS``),
so "镜号/景别/运镜/画面/时长/音效" and "Shot/Camera/Action/Duration/Sound" both read.
"""

from __future__ import annotations

import json
import re
from typing import Any

from studio.core.prompts.build import FilmDraft, ShotDraft, has_cjk
from studio.core.prompts.lexicon import COLUMNS, FILM_KEYS, norm
from studio.core.prompts.segment import Table
from studio.core.prompts.values import duration_value, parse_size, split_keywords

_FENCE = re.compile(r"```[ \t]*+(?:json|JSON|json5)?[ \t]*+\n(?P<body>.*?)\n[ \t]*+```", re.S)


def table_shots(table: Table) -> list[ShotDraft]:
    """One draft per row; cells of the same field are joined, sound-like ones become notes."""
    drafts: list[ShotDraft] = []
    for row in table.rows:
        draft = ShotDraft()
        cameras: list[str] = []
        for key, header, cell in zip(table.keys, table.headers, row, strict=True):
            if not cell or key in (None, "number"):
                continue
            _put(draft, key, header, cell, cameras)
        draft.camera = [_join(cameras)] if cameras else []
        if draft.camera or draft.description or draft.title:
            drafts.append(draft)
    return drafts


def _put(draft: ShotDraft, key: str, label: str, value: str, cameras: list[str]) -> None:
    value = value.replace("<br>", "\n").replace("<br/>", "\n").strip()
    if key == "camera":
        cameras.append(value)
    elif key == "description":
        draft.description.append(value)
    elif key == "title":
        draft.title = value
    elif key == "duration":
        seconds = duration_value(value)
        if seconds is None:
            draft.notes.append(_note(label, value))
        else:
            draft.duration = seconds
    else:
        draft.notes.append(_note(label, value))


def _join(parts: list[str]) -> str:
    return ("，" if any(has_cjk(p) for p in parts) else ", ").join(parts)


def _note(label: str, value: str) -> str:
    label = label.strip("*_ ").strip()
    return f"{label}{'：' if has_cjk(label) else ': '}{value}"


# --- JSON ------------------------------------------------------------------------------


def json_film(text: str) -> FilmDraft | None:
    """The FilmDraft of a JSON storyboard (fenced or bare, with a list of shots), else None.

    Text around the JSON (a chat model's chatter) is reported as unread. The caller bounds
    the text (``parse.MAX_INPUT_CHARS``), so ``json.loads`` never sees more than that."""
    stripped = text.strip()
    candidates: list[tuple[str, str]] = [
        (m.group("body"), text[: m.start()] + text[m.end() :]) for m in _FENCE.finditer(text)
    ]
    if stripped[:1] in "{[":
        candidates.append((stripped, ""))
    else:
        start = min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=-1)
        end = max(text.rfind("}"), text.rfind("]"))
        if 0 <= start < end:
            candidates.append((text[start : end + 1], text[:start] + text[end + 1 :]))
    for body, around in candidates:
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            continue
        film = _film(data)
        if film is not None:
            film.unread.extend(line.strip() for line in around.splitlines() if line.strip())
            return film
    return None


def _film(data: Any) -> FilmDraft | None:
    if isinstance(data, list):
        data = {"shots": data}
    if not isinstance(data, dict):
        return None
    film = FilmDraft()
    shots: list[Any] | None = None
    for raw_key, value in data.items():
        key = FILM_KEYS.get(norm(str(raw_key)))
        if key == "shots" and isinstance(value, list):
            shots = value
        elif key is not None and value not in (None, ""):
            _film_value(film, key, value)
        elif isinstance(value, (str, int, float)) and str(value).strip():
            film.add_global("continuity", _note(str(raw_key), str(value)))
    if shots is None:
        return None
    film.shots = [d for item in shots if (d := _json_shot(item)) is not None]
    return film if film.shots else None


def _film_value(film: FilmDraft, key: str, value: Any) -> None:
    if key == "keywords":
        words = [str(v) for v in value] if isinstance(value, list) else split_keywords(str(value))
        film.add_keywords(words)
    elif key == "title":
        film.title = str(value)[:200]
    elif key == "aspect":
        film.size = parse_size(str(value)) or film.size
    else:
        film.add_global(key, _text(value))


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value).strip()


def _json_shot(item: Any) -> ShotDraft | None:
    if isinstance(item, str):
        return ShotDraft(description=[item]) if item.strip() else None
    if not isinstance(item, dict):
        return None
    draft = ShotDraft()
    cameras: list[str] = []
    for raw_key, value in item.items():
        if value in (None, "") or isinstance(value, bool):
            continue
        key = COLUMNS.get(norm(str(raw_key)))
        if key == "number":
            continue
        if key is None and norm(str(raw_key)) in ("start", "end", "timecode range"):
            continue
        _put(draft, key or "notes", str(raw_key), _text(value), cameras)
    if "duration" not in {COLUMNS.get(norm(str(k))) for k in item}:
        start, end = item.get("start"), item.get("end")
        if isinstance(start, (int, float)) and isinstance(end, (int, float)) and end > start:
            draft.duration = max(1, min(120, int(end - start + 0.5)))
    draft.camera = [_join(cameras)] if cameras else []
    return draft if (draft.camera or draft.description or draft.title) else None
