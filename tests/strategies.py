"""Hypothesis strategies for the domain model, shared by every test that needs projects.

They respect the constraints in ``studio.core.model`` (id patterns, handle pattern, sizes,
list limits, non-negative costs) and the project file's own rules (finite numbers,
relative media paths), while keeping values small so hundreds of examples run fast.
Text mixes ASCII, accents, CJK, emoji, escapes and control characters on purpose.
"""

from __future__ import annotations

import string

from hypothesis import strategies as st

from studio.core.model import (
    Character,
    ConsentKind,
    ConsentRecord,
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
        model=draw(st.sampled_from(["animatic", "sora-2", "sora-2-pro"]) | texts()),
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


reference_images = st.builds(
    ReferenceImage, path=media_paths, sha256=hashes, consent_id=st.none() | idents
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

looks = st.builds(
    Look,
    style=texts(),
    size=st.sampled_from(["1280x720", "720x1280", "1920x1080"]) | sizes,
    model=st.sampled_from(["animatic", "sora-2", "sora-2-pro"]) | non_empty_texts(12),
    provider=st.sampled_from(["local", "openai"]) | non_empty_texts(12),
    strategy=st.sampled_from(Strategy),
    atmosphere=texts(),
    keywords=st.lists(texts(12), max_size=4),
    music=texts(),
    continuity=texts(),
)


@st.composite
def projects(draw: st.DrawFn, max_shots: int = 8) -> Project:
    """A whole project: 0..max_shots shots with takes, characters, consents, film takes."""
    film = draw(st.lists(takes(), max_size=2))
    return Project(
        title=draw(st.text(_mixed_char, max_size=40)),
        language=draw(st.sampled_from(Language)),
        look=draw(looks),
        shots=draw(st.lists(shots(), max_size=max_shots)),
        film_takes=film,
        chosen_film_take=draw(st.sampled_from([None, *(t.id for t in film)])),
        characters=draw(st.lists(characters, max_size=3)),
        consents=draw(st.lists(consents, max_size=3)),
    )
