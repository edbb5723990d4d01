"""Screenshots for the user guides (``make guide-screenshots``; needs an X display, e.g. Xvfb).

    python scripts/guide_screenshots.py en|zh_CN [--out docs/guide]

Drives the real window, in the given interface language, through the flows the guide
describes — first run, pasting a storyboard, attaching a reference image (its consent
dialog), a Cameo character, generating on the embedded local provider, the player and
the export — and saves one PNG per step into ``<out>/<language>/``. Everything the app
writes (settings, jobs ledger, media, character library) goes to a throw-away folder.
The PNGs are written small (see :func:`_save_small`). Every label or button that does not
fit its text in a picture is printed (``dialog_shots.clipped``) and the exit status is
then 1, as ``make screenshots`` does.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from screenshots import _all_done, _settle, _wait_for  # beside this script (sys.path[0])

#: What :func:`grab_window` and :func:`grab_widget` found cut off ("picture: what").
CUT_OFF: list[str] = []

WINDOW = (1280, 800)
MAX_BYTES = 200_000  # above it, a 256-colour palette (~100 KB for a window)

#: The storyboard the guide pastes, in the language of each guide.
STORYBOARD = {
    "en": """\
Style: documentary morning light, soft natural colours
1. Harbour at dawn
Description: fishing boats rock gently in the harbour as the sky turns pink; gulls circle \
the masts.
Camera: slow pan from left to right
Duration: 4 s
2. Market street
Description: the morning market opens, lanterns are hung over the stalls and children run \
between them.
Camera: handheld, following the children
Duration: 4 s
3. Lighthouse
Description: the lighthouse on the cape, waves breaking below, the first sunlight on its \
white wall.
Camera: wide shot, slow push in
Duration: 4 s
""",
    "zh_CN": """\
风格：清晨的纪实摄影，柔和的自然光，色彩清新
1. 黎明港湾
画面：天空泛起粉色，渔船在港湾里轻轻摇晃，海鸥绕着桅杆盘旋。
运镜：由左向右缓慢横摇
时长：4 秒
2. 早市街巷
画面：清晨的集市开张，摊位上方挂起灯笼，孩子们在摊位间奔跑。
运镜：手持跟拍
时长：4 秒
3. 海角灯塔
画面：海角上的灯塔，浪花在塔下碎开，第一缕阳光照在白色塔身上。
运镜：远景，缓慢推近
时长：4 秒
""",
}

#: The character the guide creates: name, handle, description; and the shot text that
#: mentions it.
CHARACTER = {
    "en": ("Mei", "mei", "A girl of about ten in a red festival jacket, hair in two buns; "
           "a clear, bright voice.",
           "@mei flies a red dragon kite on the beach, laughing as it climbs."),
    "zh_CN": ("阿梅", "mei", "十岁左右的女孩，穿红色节日外套，扎两个发髻；声音清脆明亮。",
              "@mei 在沙滩上放一只红色的龙形风筝，风筝越飞越高，她开心地笑着。"),
}


def log(text: str) -> None:
    print(f"guide: {text}", flush=True)


def _save_small(image, path: Path) -> None:
    """Write ``image`` (a QImage) as a PNG under :data:`MAX_BYTES` when it can be.

    Optimised RGB first; when that is too big, a 256-colour palette (the window's flat
    greys survive it; video frames dither a little, which a guide can afford)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    pil = Image.open(io.BytesIO(bytes(buf.data()))).convert("RGB")
    out = io.BytesIO()
    pil.save(out, "PNG", optimize=True)
    if out.tell() > MAX_BYTES:
        out = io.BytesIO()
        pil.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            out, "PNG", optimize=True)
    path.write_bytes(out.getvalue())
    log(f"wrote {path} ({pil.width}x{pil.height}, {out.tell() // 1024} KB)")


def grab_window(window, path: Path) -> None:
    """The window as the X server shows it (QWidget.grab() misses video surfaces)."""
    pixmap = window.screen().grabWindow(window.winId())
    _save_small(pixmap.toImage(), path)
    _check(window, path)


def grab_widget(widget, path: Path) -> None:
    _save_small(widget.grab().toImage(), path)
    _check(widget, path)


def _check(widget, path: Path) -> None:
    from dialog_shots import clipped  # beside this script too

    CUT_OFF.extend(f"{path.name}: {p}" for p in clipped(widget))


async def _until(predicate: Callable[[], object], timeout: float, what: str) -> None:
    await _wait_for(predicate, timeout, what)


def _reference_png(width: int, height: int) -> bytes:
    """A drawn sunrise over the sea: the picture the consent step attaches."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    horizon = height * 3 // 5
    for y in range(horizon):
        t = y / horizon
        draw.line([(0, y), (width, y)], fill=(int(60 + 190 * t), int(70 + 110 * t),
                                              int(140 - 40 * t)))
    for y in range(horizon, height):
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(30 + 20 * (1 - t)), int(60 + 30 * (1 - t)),
                                              int(110 + 20 * (1 - t))))
    r = height // 9
    cx = width // 2
    draw.ellipse([cx - r, horizon - r, cx + r, horizon + r], fill=(255, 190, 90))
    draw.rectangle([0, horizon, width, height], fill=None)
    for k in range(8):  # the sun's glitter on the water
        y = horizon + 12 + k * 14
        half = r - k * 8
        if half > 4:
            draw.line([(cx - half, y), (cx + half, y)], fill=(250, 170, 90), width=3)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _watch_modal(kind: type, on_shown: Callable[[object], None]):
    """A Qt timer that calls ``on_shown(dialog)`` once a modal ``kind`` is up (dialogs run
    with ``exec()`` block the coroutine that opened them, not Qt's timers)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    timer = QTimer()
    seen: dict[str, int] = {"ticks": 0}

    def tick() -> None:
        w = QApplication.activeModalWidget()
        if isinstance(w, kind) and w.isVisible():
            seen["ticks"] += 1
            if seen["ticks"] >= 5:  # ~0.5 s: laid out and painted
                timer.stop()
                on_shown(w)

    timer.timeout.connect(tick)
    timer.start(100)
    return timer


async def shoot(window, out: Path, language: str, tmp: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    from studio.core.model import TakeStatus
    from studio.ui.consent_dialog import ConsentDialog

    doc = window.doc
    # 1. First run: the welcome page, then the sample.
    grab_window(window, out / "01-welcome.png")
    window.actions.open_sample.trigger()
    await _until(lambda: window.has_project and len(doc.project.shots) == 7, 30, "the sample")
    await _until(lambda: window.actions.generate_all.isEnabled(), 60, "the services")
    doc.set_selection([doc.project.shots[0].id])
    await _settle(1.0)
    grab_window(window, out / "02-sample.png")

    # 2. Pasting a storyboard: the clipboard's text, read and shown for review.
    QGuiApplication.clipboard().setText(STORYBOARD[language])
    window.actions.paste_storyboard.trigger()
    await _until(lambda: _review(window) is not None, 20, "the storyboard review")
    review = _review(window)
    await _settle(0.8)
    grab_widget(review, out / "03-paste-review.png")
    review.reject()
    await _settle(0.3)

    # 3. A reference image and its consent dialog (shot 1, as the user pastes an image).
    shot = doc.project.shots[0]
    doc.set_selection([shot.id])
    window.inspector.setCurrentWidget(window.inspector.shot)
    await _settle(0.5)
    w, h = (int(x) for x in doc.project.look.size.split("x"))

    def consent_up(dialog) -> None:
        for box in dialog.boxes:
            box.setChecked(True)
        grab_widget(dialog, out / "04-consent.png")
        dialog.accept()

    timer = _watch_modal(ConsentDialog, consent_up)
    window.inspector.shot.reference.offer(_reference_png(w, h))
    await _until(lambda: doc.project.shots[0].reference is not None, 30,
                 "the reference image")
    timer.stop()
    _scroll_to(window.inspector.shot.reference)
    await _settle(0.8)
    grab_window(window, out / "05-reference-attached.png")

    # 4. Generation on the local provider: the jobs panel while it runs.
    window.show_jobs()
    window.actions.generate_all.trigger()
    await _settle(3.5)
    grab_window(window, out / "06-generating.png")
    await _until(lambda: _all_done(window), 300, "the takes")
    # A second take of shot 2, to show choosing between takes.
    second = doc.project.shots[1]
    doc.set_selection([second.id])
    window.actions.generate_shot.trigger()
    await _until(lambda: len(doc.takes_of(second.id)) >= 2
                 and all(t.status is TakeStatus.COMPLETED for t in doc.takes_of(second.id)),
                 120, "the second take")
    doc.set_selection([second.id])
    window.inspector.setCurrentWidget(window.inspector.takes)
    await _settle(0.5)
    takes = window.inspector.takes
    takes.list.setCurrentItem(takes.list.topLevelItem(1))  # the new take, then Play
    takes.play_button.click()
    await _settle(2.0)
    grab_window(window, out / "07-takes.png")

    # 5. The player: the cut, every chosen take in order.
    window.actions.play_cut.trigger()
    await _settle(2.5)
    grab_window(window, out / "08-player.png")
    player = getattr(window, "player", None)
    stop = getattr(player, "stop", None)
    if callable(stop):
        stop()

    # 6. A Cameo character: created, registered from a take's clip, mentioned as @handle.
    name, handle, description, mention = CHARACTER[language]
    window.actions.characters.trigger()
    await _until(lambda: getattr(window.inspector.shot, "characters_dialog", None)
                 is not None and window.inspector.shot.characters_dialog.isVisible(), 20,
                 "the characters dialog")
    dialog = window.inspector.shot.characters_dialog
    await _until(lambda: not dialog.busy, 20, "the library")
    dialog.name.setText(name)
    dialog.handle.setText(handle)
    dialog.description.setPlainText(description)
    dialog.consent.setChecked(True)
    task = dialog.save_current()
    if task is None:
        raise SystemExit("guide: the character was not saved")
    await task
    await _until(lambda: dialog.list.count() == 1 and not dialog.busy, 20, "the saved character")
    await _settle(0.3)
    clip = doc.resolve_media(doc.project.shots[4].chosen().media)
    task = dialog.register_from(clip)
    if task is None:
        raise SystemExit("guide: registering the character could not start")
    await task
    await _until(lambda: not dialog.busy, 30, "the registration")
    await _settle(0.8)
    grab_widget(dialog, out / "09-characters.png")
    dialog.reject()
    await _settle(0.5)
    kite = doc.project.shots[4]
    doc.set_selection([kite.id])
    with doc.transaction("guide"):
        doc.set_shot_field(kite.id, "description", mention)
        doc.set_shot_field(kite.id, "characters", [handle])
    window.prompt_dock.raise_()
    window.player.load(doc.resolve_media(kite.chosen().media))
    window.inspector.setCurrentWidget(window.inspector.shot)
    window.inspector.shot.sync_cast()
    _scroll_to(window.inspector.shot.title)
    await _settle(1.0)
    if not window.prompt_view.text.find(handle):  # the composed prompt names the character
        log(f"the composed prompt does not mention {handle}")
    await _settle(0.3)
    grab_window(window, out / "10-mention.png")

    # 7. Export: the dialog, then after a real export.
    window.actions.export.trigger()
    await _until(lambda: getattr(window, "export_dialog", None) is not None
                 and window.export_dialog.isVisible(), 20, "the export dialog")
    export = window.export_dialog
    videos = tmp / "Videos"
    videos.mkdir(parents=True, exist_ok=True)
    export.output.setText(str(videos / f"{doc.project.title}.mp4"))
    export.sheet.setChecked(True)
    export.subtitles.setChecked(True)
    await _settle(0.5)
    grab_widget(export, out / "11-export.png")
    export.start()
    await _until(lambda: not export.running(), 300, "the export")
    await _settle(0.5)
    grab_widget(export, out / "12-exported.png")
    if export.failure is not None:
        raise SystemExit(f"guide: the export failed: {export.failure}")
    export.reject()


def _scroll_to(widget) -> None:
    """Scroll the inspector page holding ``widget`` so that it shows."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)


def _review(window):
    from studio.ui.paste_dialog import StoryboardReview

    found = [w for w in window.findChildren(StoryboardReview) if w.isVisible()]
    return found[0] if found else None


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="guide_screenshots")
    parser.add_argument("language", choices=("en", "zh_CN"))
    parser.add_argument("--out", default="docs/guide")
    opts = parser.parse_args(argv[1:])
    language = opts.language
    out = Path(opts.out) / language
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY"):
        print("guide: no DISPLAY; run under Xvfb (make guide-screenshots does)",
              file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="sora-studio-guide-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[var] = str(tmp / var.lower())
    os.environ["QT_API"] = "pyside6"
    import qasync
    from PySide6.QtWidgets import QApplication

    from studio.localserver.faults import FaultConfig
    from studio.ui.app import build_window, start_services
    from studio.ui.generation import GenerationConfig
    from studio.ui.i18n import install

    app = QApplication.instance() or QApplication(argv[:1])
    app.setApplicationName("Sora Studio")
    install(app, language)  # before any widget, as the app does

    async def run() -> None:
        window = build_window()
        window.settings.language = "zh" if language == "zh_CN" else "en"  # sample, prompts
        window.resize(*WINDOW)
        window.show()
        await _settle(1.0)
        config = GenerationConfig(data_dir=tmp / "data",
                                  local_faults=FaultConfig(generation_seconds=6.0))
        await start_services(window, config)
        try:
            await shoot(window, out, language, tmp)
        finally:
            window.doc.undo_stack.setClean()
            await window.tasks.close()
            await window.generation.close()
            window.generation = None
            window.close()
            window.deleteLater()

    try:
        qasync.run(run())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)  # its settings, ledger, clips and export
    for p in CUT_OFF:
        print(f"guide: cut off: {p}", file=sys.stderr)
    return 1 if CUT_OFF else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
