"""Render a storyboard to the structured prompt(s) a creator would write by hand.

One-take mode renders the whole film as one multi-shot prompt; per-shot mode renders one
prompt per shot carrying the global look, continuity notes, the shot's place in the film
and a hint of the previous shot. Output is deterministic (same project, same text) so it
can be diffed, cached and parsed back by ``studio.core.prompts.parse``. Whitespace inside
fields is normalised: single-line fields (titles, cameras, keywords, characters) are
collapsed to one line and multi-line fields lose blank lines, so a parsed prompt composes
to the same text again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from studio.core.capabilities import CapabilityTable, ModelCaps
from studio.core.model import Character, Language, Project, Shot, Strategy
from studio.core.prompts.templates import TEMPLATES, Template

SHOT_INDENT = "   "
UNTITLED = "Untitled"
#: ``@handle`` where the ``@`` does not follow a word character (e-mail addresses).
MENTION = re.compile(r"(?<![\w@])@([\w.-]{1,40})")


class PromptError(ValueError):
    """A prompt cannot be composed or parsed; the message is one line for the user."""


class PromptTooLong(PromptError):
    """The composed text exceeds what the project's model accepts."""

    def __init__(
        self,
        *,
        model: str,
        limit: int,
        length: int,
        shot_index: int | None = None,
        shot_id: str | None = None,
        shot_title: str = "",
    ) -> None:
        self.model, self.limit, self.length = model, limit, length
        self.shot_index, self.shot_id = shot_index, shot_id
        if shot_index is None:
            where, fix = "the one-take prompt", "shorten the shots or switch to per-shot"
        else:
            named = f" ({shot_title})" if shot_title else ""
            where, fix = f"the prompt of shot {shot_index + 1}{named}", "shorten its text"
        super().__init__(
            f"{where} is {length} characters but {model} accepts at most {limit}; {fix}"
        )


@dataclass(frozen=True)
class ComposedPrompt:
    """One prompt to send: its text, the shots it covers and the clip length to request."""

    text: str
    shot_ids: tuple[str, ...]
    seconds: int


def compose(
    project: Project,
    table: CapabilityTable,
    *,
    mode: Strategy | None = None,
    lang: Language | None = None,
) -> list[ComposedPrompt]:
    """The prompts a generation of ``project`` sends, in order (one, or one per shot)."""
    if not project.shots:
        raise PromptError("nothing to compose: the storyboard has no shots")
    mode = mode or project.look.strategy
    if mode is Strategy.ONE_TAKE:
        return [compose_film(project, table, lang)]
    return [compose_shot_at(project, i, table, lang) for i in range(len(project.shots))]


def compose_film(
    project: Project, table: CapabilityTable, lang: Language | None = None
) -> ComposedPrompt:
    """The whole storyboard as one multi-shot prompt (one-take mode)."""
    if not project.shots:
        raise PromptError("nothing to compose: the storyboard has no shots")
    caps = _caps(project, table)
    t = _template(project, lang)
    title = _one_line(project.title)
    shot_blocks = [
        [t.numbered_shot(i, _one_line(s.title), s.duration), *_shot_body(project, s, t, True)]
        for i, s in enumerate(project.shots, 1)
    ]
    shot_blocks[0].insert(0, t.label(t.shots).rstrip())
    blocks = [
        [f"# {title}"] if title and title != UNTITLED else [],
        _look_header(project, t),
        *shot_blocks,
        _look_footer(project, t),
    ]
    text = _join(blocks)
    _check_length(text, caps)
    total = project.total_seconds()
    return ComposedPrompt(
        text=text,
        shot_ids=tuple(s.id for s in project.shots),
        seconds=caps.clip_seconds_for(total) or total,
    )


def compose_shot(
    project: Project, shot: Shot, table: CapabilityTable, lang: Language | None = None
) -> ComposedPrompt:
    """One shot with the global look, its place in the film, continuity notes and the
    previous shot (per-shot).

    The place ("Position: shot 3 of 7", under the aspect line) is the one carrier a clip
    request has that every provider sees: the Videos API takes a prompt, a size, a length
    and an image, and no metadata. It is plain continuity context a real model can use
    (this clip sits mid-film), not a marker only our local animatic understands; the
    animatic reads it back for its "shot 3/7" card (``prompts.templates.find_position``).
    A film of one shot has no such line, so its prompt is as short as before. The cost:
    adding or removing a shot changes the text of every per-shot prompt of the film.
    """
    index = next((i for i, s in enumerate(project.shots) if s.id == shot.id), None)
    if index is None:
        raise PromptError(f"shot {shot.id!r} is not in the project")
    return compose_shot_at(project, index, table, lang)


def compose_shot_at(
    project: Project, index: int, table: CapabilityTable, lang: Language | None = None
) -> ComposedPrompt:
    """:func:`compose_shot` of the shot at ``index``, for callers that walk the shots in
    order (``compose``, the prompt view): no search per shot, which made composing a
    500-shot film quadratic."""
    shot = project.shots[index]
    caps = _caps(project, table)
    t = _template(project, lang)
    total = len(project.shots)
    position = [t.position_line(index + 1, total)] if total > 1 else []
    header = _look_header(project, t, position)
    previous = _one_line(project.shots[index - 1].title) if index else ""
    if previous:
        header.append(t.label(t.previously) + previous)
    title = _one_line(shot.title)
    body = [t.label(t.shot) + t.titled_duration(title, shot.duration)]
    body += _shot_body(project, shot, t, False)
    text = _join([header, body, _look_footer(project, t)])
    _check_length(text, caps, index, shot)
    # A duration as written (3 s) asks for the shortest clip that holds it (4 s); the cut
    # keeps the shot's own length.
    seconds = caps.clip_seconds_for(shot.duration) or shot.duration
    return ComposedPrompt(text=text, shot_ids=(shot.id,), seconds=seconds)


def _caps(project: Project, table: CapabilityTable) -> ModelCaps:
    caps = table.get(project.look.model)
    if caps is None:
        known = ", ".join(table.ids())
        raise PromptError(f"unknown model {project.look.model!r} (known models: {known})")
    return caps


def _template(project: Project, lang: Language | None) -> Template:
    return TEMPLATES[lang or project.language]


def _check_length(
    text: str, caps: ModelCaps, index: int | None = None, shot: Shot | None = None
) -> None:
    if len(text) > caps.max_prompt_chars:
        raise PromptTooLong(
            model=caps.id,
            limit=caps.max_prompt_chars,
            length=len(text),
            shot_index=index,
            shot_id=shot.id if shot else None,
            shot_title=_one_line(shot.title) if shot else "",
        )


def _one_line(text: str) -> str:
    """Collapse all whitespace (newlines included): the field must fit on its line."""
    return " ".join(text.split())


def _lines(text: str) -> list[str]:
    """The non-blank lines of a multi-line field, each with its whitespace collapsed."""
    return [line for raw in text.splitlines() if (line := _one_line(raw))]


def _field(label: str, text: str, indent: str = "") -> list[str]:
    """``label`` + first line, continuation lines below it at the same indent."""
    lines = _lines(text)
    if not lines:
        return []
    return [indent + label + lines[0], *(indent + line for line in lines[1:])]


def _look_header(project: Project, t: Template, position: list[str] | None = None) -> list[str]:
    """Style, aspect, then ``position`` (it must follow the aspect line: see
    ``Template.position_line``), then continuity."""
    look = project.look
    return [
        *_field(t.label(t.style), look.style),
        t.label(t.aspect) + t.aspect_value(look.size),
        *(position or []),
        *_field(t.label(t.continuity), look.continuity),
    ]


def _look_footer(project: Project, t: Template) -> list[str]:
    look = project.look
    keywords = t.keyword_sep.join(k for raw in look.keywords if (k := _one_line(raw)))
    return [
        *_field(t.label(t.atmosphere), look.atmosphere),
        *_field(t.label(t.keywords), keywords),
        *_field(t.label(t.music), look.music),
    ]


def _shot_body(project: Project, shot: Shot, t: Template, indented: bool) -> list[str]:
    pad = SHOT_INDENT if indented else ""
    return [
        *_field(t.label(t.camera), _one_line(shot.camera), pad),
        *_field(t.label(t.description), shot.description, pad),
        *_field(t.label(t.characters), _characters(project, shot, t), pad),
        *_field(t.label(t.notes), shot.notes, pad),
    ]


def mentions(text: str) -> list[str]:
    """The ``@handles`` written in ``text``, in order, each once (trailing dots dropped)."""
    out: list[str] = []
    for m in MENTION.finditer(text):
        handle = m.group(1).rstrip(".")
        if handle and handle.casefold() not in (h.casefold() for h in out):
            out.append(handle)
    return out


def used_characters(project: Project, shot: Shot) -> list[Character]:
    """The known characters a shot puts on screen, each once, in prompt order: the
    Characters field, then each ``@handle`` written in the title or description (cameo:
    a mention puts the person in the video as if it had been listed). Consent, the
    count limit and the provider ids all apply to exactly these."""
    seen: set[str] = set()
    out: list[Character] = []
    for handle in [*shot.characters, *mentions(shot.title), *mentions(shot.description)]:
        char = project.character_by_handle(handle)
        if char is None or char.handle.casefold() in seen:
            continue
        seen.add(char.handle.casefold())
        out.append(char)
    return out


def _characters(project: Project, shot: Shot, t: Template) -> str:
    """The used characters by exact name and description (cameo basics)."""
    return t.character_sep.join(
        t.character(_one_line(c.name) or c.handle, c.handle, _one_line(c.description))
        for c in used_characters(project, shot))


def _join(blocks: Iterable[list[str]]) -> str:
    return "\n\n".join("\n".join(b) for b in blocks if b)
