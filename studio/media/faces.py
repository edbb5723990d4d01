"""Where are the faces in this picture? OpenCV's own detector, when this OpenCV has one.

Providers refuse images of real people unless they are a consented character, so the
reference-image flow warns before upload. OpenCV 4 ships Haar cascades
(``cv2.CascadeClassifier`` with ``cv2.data.haarcascades``), which is why the project pins
OpenCV below 5; OpenCV 5 dropped them and its ``FaceDetectorYN`` needs a YuNet model file,
named by ``STUDIO_FACE_MODEL``. With neither, :func:`find_faces` answers None ("not
checked") rather than a false "none". The boxes also steer the reference image's crop
(:mod:`studio.media.images`), so a portrait fitted to a landscape frame keeps its face.

The cascade is ``frontalface_alt2`` on a histogram-equalised picture: on the public-domain
astronaut portrait fitted to every output shape, ``default`` also counted a shoulder patch
and a stretched chin as faces, ``alt2`` counted the one face and nothing on photos without.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np

_LOCK = threading.Lock()  # the detectors are not safe to share between threads
DETECT_SIDE = 480  # faces that matter in a reference image are not tiny (~40% of 640's cost)


@lru_cache(maxsize=1)
def _detector() -> tuple[str, Any] | None:
    model = os.environ.get("STUDIO_FACE_MODEL")
    if model and Path(model).is_file() and hasattr(cv2, "FaceDetectorYN"):
        return "yunet", cv2.FaceDetectorYN.create(model, "", (320, 320), 0.8)
    data = getattr(getattr(cv2, "data", None), "haarcascades", None)
    if data and hasattr(cv2, "CascadeClassifier"):
        path = Path(data) / "haarcascade_frontalface_alt2.xml"
        if path.is_file():
            return "haar", cv2.CascadeClassifier(str(path))
    return None


def detector_available() -> bool:
    return _detector() is not None


#: A face box: left, top, width, height, in pixels of the image it was found in.
Box = tuple[float, float, float, float]


def find_faces(rgb: np.ndarray) -> list[Box] | None:
    """The faces OpenCV finds in an RGB uint8 image; None when it cannot look."""
    found = _detector()
    if found is None:
        return None
    kind, det = found
    h, w = rgb.shape[:2]
    scale = min(1.0, DETECT_SIDE / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1.0 else rgb
    with _LOCK:
        if kind == "yunet":
            det.setInputSize((small.shape[1], small.shape[0]))
            _, faces = det.detect(cv2.cvtColor(small, cv2.COLOR_RGB2BGR))
            boxes = [] if faces is None else [tuple(f[:4]) for f in faces]
        else:
            grey = cv2.equalizeHist(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY))
            boxes = [tuple(b) for b in det.detectMultiScale(
                grey, scaleFactor=1.15, minNeighbors=4, minSize=(30, 30))]
    back = 1.0 / scale
    return [(float(x) * back, float(y) * back, float(bw) * back, float(bh) * back)
            for x, y, bw, bh in boxes]
