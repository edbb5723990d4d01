"""Loading the provider's records: what a killed server left half-written is swept, a
damaged or misnamed record never stops the load, and ``serve`` says what it set aside."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from studio.localserver.server import LocalProvider
from studio.localserver.store import Store
from tests.localserver.helpers import SIZE

ROOT = Path(__file__).resolve().parents[2]


def test_leftovers_of_a_killed_server_are_swept_and_finished_media_kept(
        tmp_path: Path, sample_mp4: Path) -> None:
    first = LocalProvider(tmp_path, open_access=True)
    vid = first.add_completed_video(sample_mp4, prompt="kept", size=SIZE, seconds=4)
    final = first.store.media_path(first.store.videos[vid], "video")
    part = first.store.partial_path(first.store.videos[vid], "video")
    part.write_bytes(b"half a render")
    spooled = tmp_path / "uploads" / ".incoming-0123"
    spooled.write_bytes(b"half an upload")
    kept_upload = tmp_path / "uploads" / "ref.png"
    kept_upload.write_bytes(b"an adopted upload")
    store = Store(tmp_path)
    assert not part.exists() and not spooled.exists()
    assert final.read_bytes() == sample_mp4.read_bytes() and kept_upload.exists()
    assert list(store.videos) == [vid]


def test_a_damaged_or_misnamed_character_record_is_not_loaded(tmp_path: Path) -> None:
    store = Store(tmp_path)
    good = store.new_character("Mira", "clip.mp4")
    damaged = tmp_path / "characters" / f"char_{'1' * 32}.json"
    damaged.write_text('{"id": "char_')
    misnamed = tmp_path / "characters" / f"char_{'2' * 32}.json"
    misnamed.write_text(json.dumps({**asdict(good), "id": f"char_{'3' * 32}"}))
    again = Store(tmp_path)
    assert list(again.characters) == [good.id]
    assert [moved.name.split(".corrupt-")[0] for moved, _ in again.set_aside] == [damaged.name]
    assert misnamed.exists()  # a well-formed file under another name is left as it is


def test_a_record_whose_id_is_not_a_string_is_set_aside(tmp_path: Path) -> None:
    store = Store(tmp_path)
    rec = store.new_video(model="animatic", prompt="p", size=SIZE, seconds=4,
                          planned_seconds=0.0)
    bad = tmp_path / "videos" / f"video_{'4' * 32}.json"
    bad.write_text(json.dumps({**asdict(rec), "id": 4}))
    again = Store(tmp_path)
    assert list(again.videos) == [rec.id]
    assert [why for _, why in again.set_aside] == ["TypeError: id is not a string"]


@pytest.mark.timeout(60)
def test_serve_says_which_records_it_set_aside(tmp_path: Path) -> None:
    Store(tmp_path)  # the folders
    bad = tmp_path / "videos" / f"video_{'5' * 32}.json"
    bad.write_text("{")
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "serve", "--port", "0", "--data-dir",
         str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().startswith("serving http://127.0.0.1:")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    moved = next((tmp_path / "videos").glob(f"{bad.name}.corrupt-*"))
    assert f"warning: damaged job record moved aside to {moved} (JSONDecodeError:" in err
