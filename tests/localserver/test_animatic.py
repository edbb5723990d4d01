"""The animatic renderer, checked by decoding what it writes."""

from __future__ import annotations

import io
import itertools
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from studio.core.model import Language, Look, Project, Shot, Strategy
from studio.core.prompts.compose import compose
from studio.localserver import animatic
from studio.localserver.animatic import (
    AnimaticRequest,
    make_spritesheet,
    make_thumbnail,
    render_animatic,
    render_extension,
)
from studio.localserver.animatic_audio import shot_pitch
from studio.localserver.animatic_camera import STILL, canvas_size, parse_camera, view_affine
from studio.localserver.animatic_cards import badge_text, render_card, wrap
from studio.localserver.animatic_picture import generated_canvas
from studio.localserver.animatic_plan import FPS, ShotPlan, plan_shots, split_frames
from studio.media.fonts import FontSpec, find_cjk_font
from studio.media.probe import probe, verify_video
from studio.storage.bundled import capability_table
from tests.media.clips import RATE, decode_audio, decode_frames

THREE_SHOTS = """Style: warm film, dusk
1. Harbour (2s)
Camera: slow push in
Fishing boats come in at dawn.
2. Market (1s)
Camera: pan left
Lanterns over the stalls.
3. 烟花 (1s)
镜头：航拍升起
烟花在海湾上空绽放。
"""
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _photo(width: int = 800, height: int = 600) -> Image.Image:
    """A structured test picture: coloured quadrants, a grid and a disc (easy to locate)."""
    img = np.zeros((height, width, 3), np.uint8)
    img[: height // 2, : width // 2] = (200, 40, 40)
    img[: height // 2, width // 2 :] = (40, 200, 40)
    img[height // 2 :, : width // 2] = (40, 40, 200)
    img[height // 2 :, width // 2 :] = (220, 220, 60)
    img[::40] = 255
    img[:, ::40] = 255
    cv2.circle(img, (width // 3, height // 3), height // 8, (0, 0, 0), -1)
    return Image.fromarray(img)


def _encoded(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format=fmt, **kw)
    return buf.getvalue()


# --- plan and camera (pure) -----------------------------------------------------------


def test_split_frames_is_exact_and_proportional() -> None:
    assert split_frames(96, [2, 1, 1]) == [48, 24, 24]
    assert sum(split_frames(288, [3, 7, 5, 4])) == 288
    assert split_frames(5, [1, 1, 100]) == [1, 1, 3]


def test_plan_scales_parsed_durations_to_the_request() -> None:
    shots = plan_shots(THREE_SHOTS, 4)
    assert [s.frames for s in shots] == [48, 24, 24]
    assert [s.start for s in shots] == [0, 48, 72]
    assert [s.move.name for s in shots] == ["push in", "pan", "rise"]
    assert shots[1].move.dx < 0  # "pan left"
    assert shots[2].title == "烟花" and "烟花在海湾" in shots[2].description
    one = plan_shots("A lighthouse at dusk", 8)
    assert len(one) == 1 and one[0].frames == 8 * FPS and "lighthouse" in one[0].description


def test_plan_drops_shots_that_cannot_fit() -> None:
    prompt = "\n".join(f"{i}. Shot {i}\nCamera: static\nThing {i}." for i in range(1, 13))
    shots = plan_shots(prompt, 4)  # 96 frames hold at most 8 half-second shots
    assert len(shots) == 8 and sum(s.frames for s in shots) == 96


@pytest.mark.parametrize(("text", "name"), [
    ("Slow push in on her face", "push in"), ("缓慢推进", "push in"), ("dolly in", "push in"),
    ("Pull out to reveal the bay", "pull out"), ("镜头拉远", "pull out"), ("后退", "pull out"),
    ("Pan right across the market", "pan"), ("向左横移", "pan"), ("摇镜头", "pan"),
    ("Orbit around the tower", "orbit"), ("环绕拍摄", "orbit"),
    ("Drone shot rising over the island", "rise"), ("航拍", "rise"), ("摇臂升起", "rise"),
    ("crane up", "rise"), ("Static wide shot", "static"), ("固定机位", "static"),
    ("", "drift"), ("Japanese garden", "drift"),
])
def test_camera_text_in_both_languages(text: str, name: str) -> None:
    assert parse_camera(text).name == name


def test_push_in_view_is_a_zoom_of_the_first_view() -> None:
    canvas = generated_canvas(320, 180, seed=1, index=0)
    move = parse_camera("push in")
    first = cv2.warpAffine(canvas, view_affine(move, 0.0, 320, 180), (320, 180))
    last = cv2.warpAffine(canvas, view_affine(move, 1.0, 320, 180), (320, 180))
    cw, ch = canvas_size(320, 180)
    assert canvas.shape[:2] == (ch, cw)
    centre = first[90 - 69 : 90 + 69, 160 - 123 : 160 + 123]  # 1/1.3 of the frame
    zoomed = cv2.resize(centre, (320, 180), interpolation=cv2.INTER_LINEAR)
    assert np.abs(zoomed.astype(int) - last.astype(int)).mean() < 4
    assert np.abs(first.astype(int) - last.astype(int)).mean() > 4 * np.abs(
        zoomed.astype(int) - last.astype(int)).mean()


def test_generated_sets_are_deterministic_per_seed_and_shot() -> None:
    a = generated_canvas(160, 90, seed=5, index=1)
    assert np.array_equal(a, generated_canvas(160, 90, seed=5, index=1))
    assert np.abs(a.astype(int) - generated_canvas(160, 90, seed=5, index=2)).mean() > 10
    assert np.abs(a.astype(int) - generated_canvas(160, 90, seed=6, index=1)).mean() > 5


# --- cards ----------------------------------------------------------------------------


def _shot(title: str, description: str, camera: str = "推进") -> ShotPlan:
    return ShotPlan(0, 1, title, description, camera, parse_camera(camera), 0, 24, Language.ZH)


def test_chinese_text_renders_with_real_glyphs() -> None:
    text = _shot("海岛节日", "渔船靠岸，孩子们奔跑着迎接归来的渔民，海鸥在桅杆上盘旋。")
    blank = _shot("", "", "")
    card, empty = render_card(text, 640, 360), render_card(blank, 640, 360)
    bright = (card.rgb[:, :, :3].min(axis=2) > 200) & (card.alpha > 0.9)
    assert bright.sum() > 800  # the white strokes of about 30 Han characters
    # against a font without CJK glyphs, the same card draws tofu, not the same pixels
    tofu = render_card(text, 640, 360, font=FontSpec(DEJAVU)) if DEJAVU.is_file() else empty
    rows = slice(0, min(card.rgb.shape[0], tofu.rgb.shape[0]))
    assert np.abs(card.rgb[rows].astype(int) - tofu.rgb[rows].astype(int)).mean() > 3
    assert card.rgb.shape[0] > empty.rgb.shape[0]  # the description added lines


def test_wrap_keeps_words_and_breaks_cjk() -> None:
    font = find_cjk_font().load(20)
    latin = wrap("the quick brown fox jumps over the lazy dog " * 3, font, 200, 10)
    assert all(font.getlength(line) <= 200 for line in latin)
    assert all(not line.endswith(("qu", "bro")) for line in latin)
    cjk = wrap("烟花在海湾上空绽放" * 6, font, 150, 2)
    assert len(cjk) == 2 and cjk[-1].endswith("…")


def _film(language: Language) -> Project:
    zh = language is Language.ZH
    titles = ["海上日出", "浪击石像", "烟花"] if zh else ["Dawn", "Waves", "Fireworks"]
    return Project(language=language, look=Look(continuity="同一天" if zh else "One day"),
                   shots=[Shot(title=t, duration=4) for t in titles])


def _per_shot_prompts(language: Language) -> list[str]:
    return [p.text for p in compose(_film(language), capability_table(),
                                    mode=Strategy.PER_SHOT)]


@pytest.mark.parametrize(("language", "word"), [(Language.ZH, "镜头"), (Language.EN, "SHOT")])
def test_per_shot_cards_show_the_shots_place_in_the_film(language: Language, word: str) -> None:
    cards = []
    for prompt in _per_shot_prompts(language):
        (plan,) = plan_shots(prompt, 4)
        assert plan.language is language
        cards.append((plan.title, badge_text(plan)))
    titles = [s.title for s in _film(language).shots]
    assert cards == [(titles[i], f"{word} {i + 1}/3") for i in range(3)]


def test_a_clip_of_several_shots_counts_its_own_shots() -> None:
    (film,) = compose(_film(Language.EN), capability_table(), mode=Strategy.ONE_TAKE)
    assert [badge_text(p) for p in plan_shots(film.text, 12)] == ["SHOT 1/3", "SHOT 2/3",
                                                                   "SHOT 3/3"]
    assert [badge_text(p) for p in plan_shots("A heron at dusk", 4)] == ["SHOT 1/1"]
    # a position line is only believed of a one-shot prompt, and only when it makes sense
    assert badge_text(plan_shots("Position: shot 9 of 3\n\nShot: x", 4)[0]) == "SHOT 1/1"


def test_the_rendered_card_carries_the_position(tmp_path: Path) -> None:
    """Decoded: the same shot with and without its position line differs on the badge only."""
    prompt = _per_shot_prompts(Language.EN)[1]
    bare = "\n".join(line for line in prompt.splitlines() if not line.startswith("Position:"))
    last = []
    for name, text in (("placed", prompt), ("bare", bare)):
        out = tmp_path / f"{name}.mp4"
        render_animatic(AnimaticRequest(text, 320, 180, 1, seed=4), out)
        last.append(decode_frames(out, "rgb24")[-1].astype(int))
    diff = np.abs(last[0] - last[1]).max(axis=2) > 40  # above the encoder's noise
    assert diff.any()  # "SHOT 2/3" against "SHOT 1/1"
    ys, xs = np.nonzero(diff)
    card = render_card(plan_shots(prompt, 1)[0], 320, 180)
    head, block = card.rgb.shape[0] // 2, 8  # a block of slack for the codec's ringing
    assert card.y - block <= ys.min() and ys.max() < card.y + head  # the card's first row
    assert xs.max() < 320 // 3  # ... at its left end, where the badge is


# --- rendering ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anim") / "three.mp4"
    render_animatic(AnimaticRequest(THREE_SHOTS, 640, 360, 4, seed=3), out)
    return out


def test_exact_size_length_and_audio(three_shots: Path) -> None:
    info = verify_video(three_shots, width=640, height=360)
    assert (info.frames, info.fps) == (96, 24.0)
    assert info.duration == pytest.approx(4.0, abs=1e-6)
    assert info.has_audio and info.audio_codec == "aac"
    assert info.audio_duration == pytest.approx(4.0, abs=1 / FPS)
    audio = decode_audio(three_shots)
    assert audio.size / RATE == pytest.approx(4.0, abs=1 / FPS)
    assert float(np.sqrt((audio**2).mean())) > 0.02
    assert not list(three_shots.parent.glob(".*tmp"))  # no temp file left beside it


def test_shot_boundaries_are_visible(three_shots: Path) -> None:
    frames = [f.astype(np.int16) for f in decode_frames(three_shots)]
    diffs = np.array([np.abs(b - a).mean() for a, b in itertools.pairwise(frames)])
    cuts = [48, 72]  # frame index of each shot's first frame
    inside = np.delete(diffs, [c - 1 for c in cuts])
    for c in cuts:
        assert diffs[c - 1] > 8 * np.median(inside) and diffs[c - 1] > 20


def test_audio_hits_mark_the_shots_and_pitch_changes(three_shots: Path) -> None:
    audio = decode_audio(three_shots)
    win = RATE // 200  # 5 ms
    rms = np.sqrt((audio[: audio.size // win * win].reshape(-1, win) ** 2).mean(axis=1))
    before = np.convolve(rms, np.ones(10) / 10, mode="full")[: rms.size - 1]  # last 50 ms
    rise = rms[1:] / (before + 1e-4)
    onsets = [(i + 1) * win / RATE for i in np.flatnonzero(rise > 4)]
    starts = [0.0, 2.0, 3.0]
    for s in starts:
        assert any(abs(o - s) < 0.03 for o in onsets), (s, onsets[:20])
    assert all(min(abs(o - s) for s in starts) < 0.05 for o in onsets)  # no other onsets
    peaks = []
    for begin, end in [(0.5, 1.9), (2.3, 2.9), (3.3, 3.9)]:
        seg = audio[int(begin * RATE) : int(end * RATE)]
        spectrum = np.abs(np.fft.rfft(seg * np.hanning(seg.size)))
        peaks.append(np.fft.rfftfreq(seg.size, 1 / RATE)[spectrum.argmax()])
    for i, peak in enumerate(peaks):
        assert peak == pytest.approx(shot_pitch(i, 3), rel=0.03)
    assert len({round(p) for p in peaks}) == 3


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_reference_image_is_the_first_frame(tmp_path: Path, fmt: str) -> None:
    photo = _photo(900, 600)  # 3:2 into 16:9: cover-fit crops top and bottom
    out = tmp_path / "ref.mp4"
    render_animatic(AnimaticRequest("1. Look\nCamera: push in\nA test chart.", 480, 270, 2,
                                    reference_image=_encoded(photo, fmt)), out)
    first = decode_frames(out, "rgb24")[0].astype(int)
    expected = np.asarray(photo.resize((480, 320)).crop((0, 25, 480, 295))).astype(int)
    assert np.abs(first - expected).mean() < 12


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    photo = _photo(600, 800)  # stored portrait, tagged "rotate 90 CW" -> shown landscape
    exif = Image.Exif()
    exif[0x0112] = 6
    data = _encoded(photo, "JPEG", exif=exif, quality=95)
    out = tmp_path / "exif.mp4"
    render_animatic(AnimaticRequest("still", 400, 300, 1, reference_image=data), out)
    first = decode_frames(out, "rgb24")[0].astype(int)
    shown = np.asarray(photo.transpose(Image.Transpose.ROTATE_270).resize((400, 300))).astype(int)
    assert np.abs(first - shown).mean() < 15


def test_push_in_on_the_reference_zooms_into_its_centre(tmp_path: Path) -> None:
    out = tmp_path / "push.mp4"
    render_animatic(AnimaticRequest("1. A\nCamera: push in\nx", 480, 270, 2,
                                    reference_image=_encoded(_photo(480, 270), "PNG")), out)
    frames = decode_frames(out, "rgb24")
    first, last = frames[0].astype(np.uint8), frames[-1].astype(int)
    h, w = 270, 480
    ch, cw = round(h / 1.3), round(w / 1.3)
    centre = first[(h - ch) // 2 : (h + ch) // 2, (w - cw) // 2 : (w + cw) // 2]
    zoomed = cv2.resize(centre, (w, h)).astype(int)
    top = slice(0, h // 2)  # above the card
    assert np.abs(zoomed[top] - last[top]).mean() < 10
    assert np.abs(first.astype(int)[top] - last[top]).mean() > 25


def test_static_camera_holds_still(tmp_path: Path) -> None:
    out = tmp_path / "static.mp4"
    render_animatic(AnimaticRequest("1. A\nCamera: static\nx", 320, 180, 1), out)
    frames = decode_frames(out)
    top = slice(0, 80)
    assert np.abs(frames[10][top].astype(int) - frames[-1][top].astype(int)).mean() < 1.5


def test_thumbnail_and_spritesheet(three_shots: Path, tmp_path: Path) -> None:
    thumb, sheet = tmp_path / "t.webp", tmp_path / "s.jpg"
    make_thumbnail(three_shots, thumb)
    make_spritesheet(three_shots, sheet)
    with Image.open(thumb) as img:
        assert img.format == "WEBP"
        assert img.width / img.height == pytest.approx(16 / 9, rel=0.01)
    with Image.open(sheet) as img:
        assert img.format == "JPEG"
        assert img.width == 5 * animatic.SPRITE_TILE_WIDTH
        assert img.height == 5 * 90  # 25 tiles of 160x90
        tiles = np.asarray(img.convert("L")).reshape(5, 90, 5, 160).mean(axis=(1, 3))
        assert np.ptp(tiles) > 10  # the tiles show different moments


def test_extension_appends_and_reports_the_total(three_shots: Path, tmp_path: Path) -> None:
    out = tmp_path / "ext.mp4"
    total = render_extension(three_shots, AnimaticRequest("The fireworks fade", 640, 360, 4),
                             out)
    assert total == pytest.approx(8.0, abs=1 / FPS)
    info = verify_video(out, width=640, height=360)
    assert info.frames == 192 and info.audio_duration == pytest.approx(8.0, abs=1 / FPS)
    frames = decode_frames(out)
    assert np.abs(frames[95].astype(int) - frames[96].astype(int))[:150].mean() < 12  # continues


def test_bad_requests_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bad.mp4"
    with pytest.raises(ValueError, match="even"):
        render_animatic(AnimaticRequest("x", 641, 360, 4), out)
    with pytest.raises(ValueError, match="seconds"):
        render_animatic(AnimaticRequest("x", 640, 360, 0), out)
    with pytest.raises(ValueError, match="reference image"):
        render_animatic(AnimaticRequest("x", 640, 360, 1, reference_image=b"GIF89a..."), out)
    assert list(tmp_path.iterdir()) == []


def test_runs_in_a_spawned_process_pool(tmp_path: Path) -> None:
    req = AnimaticRequest("1. 海\n镜头：推进\n海浪。", 160, 90, 1, seed=2)
    pickle.dumps((req, render_animatic, render_extension, make_thumbnail, make_spritesheet))
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        pool.submit(render_animatic, req, tmp_path / "p.mp4").result(timeout=120)
    assert probe(tmp_path / "p.mp4").frames == 24


def test_720p_twelve_seconds_multi_shot(tmp_path: Path) -> None:
    out = tmp_path / "hd.mp4"
    render_animatic(AnimaticRequest(THREE_SHOTS, 1280, 720, 12, seed=9), out)
    info = verify_video(out, width=1280, height=720)
    assert info.frames == 288 and info.duration == pytest.approx(12.0)
    assert info.audio_duration == pytest.approx(12.0, abs=1 / FPS)


def test_still_is_exported_for_the_camera_module() -> None:
    assert STILL.zoom == 1.0 and parse_camera("locked off").zoom == 1.0


@pytest.mark.parametrize("width", range(120, 700, 37))
def test_wrapped_chinese_lines_never_start_with_closing_punctuation(width: int) -> None:
    font = find_cjk_font().load(24)
    text = "巨浪拍打在海边古老石像的基座上，白色浪花在晨光里炸开，水珠缓缓坠落；石像面容沉静。"
    lines = wrap(text, font, width, 20)
    assert "".join(lines) == text
    assert not any(line[0] in "，。、；：！？）》」』】”’…" for line in lines)
