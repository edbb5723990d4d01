"""Hypothesis strategies for the domain model, shared by every test that needs projects.

They respect the constraints in ``studio.core.model`` (id patterns, handle pattern, sizes,
list limits, non-negative costs) and the project file's own rules (finite numbers,
relative media paths), while keeping values small so hundreds of examples run fast.
Text mixes ASCII, accents, CJK, emoji, escapes and control characters on purpose.

Inputs are built valid by construction, never filtered after the fact: a property over
``composable_projects`` or ``storyboards`` reaches its assertion on every example, and the
inputs a function must refuse have their own strategy (``refused_projects``) and property.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import TypeVar

from hypothesis import strategies as st

from studio.core.model import (
    Character,
    ConsentKind,
    ConsentRecord,
    FrameSource,
    Language,
    Look,
    Project,
    ReferenceImage,
    Shot,
    Strategy,
    Take,
    TakeRelation,
    TakeStatus,
)
from studio.storage.bundled import capability_table

T = TypeVar("T")

KNOWN_MODELS = tuple(capability_table().ids())
"""The bundled table's model ids: a project of one of these can be composed."""

_CJK = "镜头海浪石像无人机环绕寺庙灯笼烟花岛屿黄金沙滩风筝"
_EMOJI = "🎬🌊🗿🚁🏮🎆🪁👨‍👩‍👧"
_SAMPLES = [
    "Dawn over the sea, a flag snapping in the wind",
    "**镜头1**：海上日出，旗帜飘扬",
    "Camera: slow dolly-in → orbit 360°",
    'quote " backslash \\ tab \t newline \n',
    "emoji 🎆 and ZWJ 👨‍👩‍👧 family",
    "",
]

# Whole unicode minus surrogates (not encodable in UTF-8), biased towards our alphabets.
_any_char = st.characters(codec="utf-8")
_mixed_char = st.one_of(
    st.sampled_from(string.ascii_letters + string.digits + " .,:-"),
    st.sampled_from(_CJK + _EMOJI),
    _any_char,
)

idents = st.text(string.ascii_letters + string.digits + "_.-", min_size=1, max_size=16)
handles = st.text(string.ascii_letters + string.digits + "_.-" + _CJK, min_size=1, max_size=12)
hashes = st.text("0123456789abcdef", min_size=64, max_size=64)
sizes = st.builds(
    "{}x{}".format, st.integers(10, 99_999), st.integers(10, 99_999)
)
finite_floats = st.floats(allow_nan=False, allow_infinity=False)
costs = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)


def texts(max_size: int = 24) -> st.SearchStrategy[str]:
    """Short free text: realistic samples or random mixed-script strings."""
    return st.one_of(st.sampled_from(_SAMPLES), st.text(_mixed_char, max_size=max_size))


def non_empty_texts(max_size: int = 24) -> st.SearchStrategy[str]:
    return st.text(_mixed_char, min_size=1, max_size=max_size)


_segment = st.text(
    st.sampled_from(string.ascii_letters + string.digits + "-_. " + _CJK + _EMOJI),
    min_size=1,
    max_size=8,
).filter(lambda s: s not in {".", ".."})

media_paths = st.lists(_segment, min_size=1, max_size=3).map("/".join)
"""Relative, non-escaping, posix media paths (what a project file may hold)."""

param_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    finite_floats,
    texts(),
)
params = st.dictionaries(st.text(_mixed_char, max_size=10), param_values, max_size=4)


@st.composite
def takes(draw: st.DrawFn) -> Take:
    relation = draw(st.none() | st.sampled_from(TakeRelation))
    return Take(
        id=draw(idents),
        job_id=draw(st.none() | idents),
        provider=draw(texts()),
        model=draw(st.sampled_from(KNOWN_MODELS) | texts()),
        params=draw(params),
        status=draw(st.sampled_from(TakeStatus)),
        media=draw(st.none() | media_paths),
        cost_quoted=draw(costs),
        cost_spent=draw(costs),
        parent_take=draw(idents) if relation else None,
        relation=relation,
        error=draw(st.none() | texts()),
        created_at=draw(finite_floats),
    )


frame_sources = st.builds(
    FrameSource, take=idents,
    at=st.floats(min_value=0, max_value=86_400, allow_nan=False, allow_infinity=False),
)
reference_images = st.builds(
    ReferenceImage, path=media_paths, sha256=hashes, consent_id=st.none() | idents,
    frame_of=st.none() | frame_sources,
)


@st.composite
def shots(draw: st.DrawFn) -> Shot:
    shot_takes = draw(st.lists(takes(), max_size=3))
    chosen = draw(st.sampled_from([None, *(t.id for t in shot_takes)]))
    return Shot(
        id=draw(idents),
        title=draw(texts()),
        description=draw(texts(60)),
        camera=draw(texts()),
        duration=draw(st.integers(1, 120)),
        reference=draw(st.none() | reference_images),
        characters=draw(st.lists(handles, max_size=3)),
        notes=draw(texts()),
        takes=shot_takes,
        chosen_take=chosen,
    )


characters = st.builds(
    Character,
    id=idents,
    name=non_empty_texts(20),
    handle=handles,
    description=texts(),
    images=st.lists(media_paths, max_size=2),
    consent_id=st.none() | idents,
    provider_ids=st.dictionaries(st.text(_mixed_char, max_size=10), texts(), max_size=2),
)

consents = st.builds(
    ConsentRecord,
    id=idents,
    kind=st.sampled_from(ConsentKind),
    statements=st.lists(non_empty_texts(40), min_size=1, max_size=3),
    accepted_at=st.sampled_from(["2026-05-01T10:00:00Z", "2026-11-30T23:59:59+00:00"]),
    image_sha256=st.none() | hashes,
)

unknown_models = non_empty_texts(12).filter(lambda m: m not in KNOWN_MODELS)
"""Model ids the bundled table does not know (the filter almost never has to reject)."""


def looks_of(models: st.SearchStrategy[str]) -> st.SearchStrategy[Look]:
    """Looks whose model is drawn from ``models``; every other field is free."""
    return st.builds(
        Look,
        style=texts(),
        size=st.sampled_from(["1280x720", "720x1280", "1920x1080"]) | sizes,
        model=models,
        provider=st.sampled_from(["local", "openai"]) | non_empty_texts(12),
        strategy=st.sampled_from(Strategy),
        atmosphere=texts(),
        keywords=st.lists(texts(12), max_size=4),
        music=texts(),
        continuity=texts(),
    )


looks = looks_of(st.sampled_from(KNOWN_MODELS) | non_empty_texts(12))


def full_lists_first(
    elements: st.SearchStrategy[T], *, max_size: int, min_size: int = 0, unique: bool = False
) -> st.SearchStrategy[Sequence[T]]:
    """Sequences of every length from ``min_size`` to ``max_size``, the full one first.

    Hypothesis treats a ``one_of``'s first branch as simplest, and caps its early examples
    at a few times the simplest example's size: when the simplest is tiny next to a typical
    one, those examples overrun and never reach the test. The full branch is a tuple, not a
    list: a list span of the other branch copied over it by Hypothesis' mutator (it copies
    spans with equal labels) would misread and overrun too. The second branch keeps every
    length in play.
    """
    if unique:
        full = st.lists(elements, min_size=max_size, max_size=max_size, unique=True)
    else:
        full = st.tuples(*[elements] * max_size)
    return st.one_of(full, st.lists(elements, min_size=min_size, max_size=max_size, unique=unique))


@st.composite
def projects(
    draw: st.DrawFn,
    max_shots: int = 8,
    *,
    min_shots: int = 0,
    look: st.SearchStrategy[Look] = looks,
) -> Project:
    """A whole project: min..max_shots shots with takes, characters, consents, film takes.

    With ``min_shots`` (the composer's projects) the simplest example is a full storyboard
    (``full_lists_first``); without it (the file-format tests) the distribution is as ever."""
    film = draw(st.lists(takes(), max_size=2))
    all_shots = st.lists(shots(), min_size=min_shots, max_size=max_shots)
    if min_shots:
        all_shots = full_lists_first(shots(), min_size=min_shots, max_size=max_shots)
    return Project(
        title=draw(st.text(_mixed_char, max_size=40)),
        language=draw(st.sampled_from(Language)),
        look=draw(look),
        shots=list(draw(all_shots)),
        film_takes=film,
        chosen_film_take=draw(st.sampled_from([None, *(t.id for t in film)])),
        characters=draw(st.lists(characters, max_size=3)),
        consents=draw(st.lists(consents, max_size=3)),
    )


def composable_projects(max_shots: int = 4) -> st.SearchStrategy[Project]:
    """Any project the composer accepts: at least one shot and a model it knows.

    The text is as wild as in ``projects`` (controls, emoji, labels); only the two facts the
    composer refuses on are fixed. Small enough that no prompt nears a model's length limit.
    """
    return projects(max_shots, min_shots=1, look=looks_of(st.sampled_from(KNOWN_MODELS)))


def refused_projects(max_shots: int = 4) -> st.SearchStrategy[Project]:
    """Projects the composer must refuse: no shots, or a model the table does not know."""
    return st.one_of(
        projects(0),
        projects(max_shots, look=looks_of(unknown_models)),
    )


# --- storyboards the prompt templates can carry (compose -> parse -> compose) ----------------

_STORY_CJK = "海岛灯火石像浪花旗帜沙滩风筝烟金色夜晚庙宇香家人笑声光影"
_story_word = st.text(
    st.sampled_from(string.ascii_letters + _STORY_CJK + "éü"), min_size=1, max_size=8
)


_punctuation = st.sampled_from(["", ",", "，", "。", ".", "!"])


# Each field shape is its own composite drawing a list (no ``.map``): its span then has a
# label of its own. Hypothesis' mutator copies a span over another with the same label,
# and with the one label that ``.map`` strategies share it pasted a multi-line span where
# a phrase was being read: the example overran, never reaching the test.
@st.composite
def _phrase(draw: st.DrawFn) -> str:
    """Words on one line (maybe none)."""
    return " ".join(draw(full_lists_first(_story_word, max_size=5)))


@st.composite
def _prose(draw: st.DrawFn) -> str:
    """Words with punctuation on one line (maybe none)."""
    pairs = draw(full_lists_first(st.tuples(_story_word, _punctuation), max_size=6))
    return " ".join(word + mark for word, mark in pairs)


@st.composite
def _multiline(draw: st.DrawFn) -> str:
    """Up to three lines of prose (maybe none)."""
    return "\n".join(draw(full_lists_first(_prose(), max_size=3)))


def _story_shots(handles: list[str]) -> st.SearchStrategy[Shot]:
    return st.builds(
        Shot,
        title=_phrase(),
        camera=_prose(),
        description=_multiline(),
        notes=_multiline(),
        duration=st.integers(1, 120),
        characters=st.lists(st.sampled_from([*handles, "ghost"]), max_size=2),
    )


@st.composite
def storyboards(draw: st.DrawFn, max_shots: int = 5) -> Project:
    """Projects whose text stays inside what the templates can carry (no labels in fields).

    Shots are a list, not a drawn count and a loop: Hypothesis' mutator copies one span over
    another of the same kind, and a copied count would ask for shots the example never drew
    (an overrun, which never reaches the test)."""
    handle = st.text("abcdefghij", min_size=1, max_size=6)
    handles = draw(full_lists_first(handle, max_size=3, unique=True))
    characters = [
        Character(name=draw(_story_word), handle=h, description=draw(_phrase())) for h in handles
    ]
    story_shots = full_lists_first(_story_shots(handles), min_size=1, max_size=max_shots)
    look = Look(
        style=draw(_multiline()),
        size=draw(st.sampled_from(["1280x720", "720x1280", "1792x1024", "480x480", "640x360"])),
        atmosphere=draw(_multiline()),
        keywords=draw(st.lists(_phrase(), max_size=4)),
        music=draw(_multiline()),
        continuity=draw(_multiline()),
    )
    return Project(
        title=draw(_phrase()), look=look, shots=list(draw(story_shots)), characters=characters
    )


# --- pasted text: anything a creator might paste -----------------------------------------

_paste_piece = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(list("*#-•【】[]()（）:：、，,.。 \t\n\r0123456789@xs秒镜头")),
    st.sampled_from(["**镜头**：", "Shot 1:", "1. ", "Camera: ", "风格：", "\n\n", "0-3s", "(@a)"]),
)
# At least three pieces, each of which may be empty: no shorter text is lost, and the
# smallest example is not so far below a typical one that early examples overrun.
_paste_run = st.lists(_paste_piece, min_size=3, max_size=80).map("".join)
# What str.strip() removes is exactly these categories (Cc only in part); the BOM is
# dropped before parsing. Neither can be the one visible character.
_visible_char = st.characters(
    codec="utf-8", exclude_categories=("Zs", "Zl", "Zp", "Cc"), exclude_characters="\ufeff"
)

pasted_texts = st.tuples(_paste_run, _visible_char, _paste_run).map("".join)
"""Junk-laden text with at least one visible character: the parser must import it."""

blank_texts = st.builds(
    "{}{}".format,
    st.sampled_from(["", "\ufeff"]),
    st.text(st.sampled_from([chr(c) for c in range(0x3001) if chr(c).isspace()]), max_size=12),
)
"""Nothing but whitespace (every kind str.isspace() knows), maybe after a BOM: refused."""
