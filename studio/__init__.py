"""Sora Studio: storyboard, generate and cut short films with Videos-API models."""

import os as _os

# OpenCV reads its decode pixel cap once, when cv2 is first imported; every module that
# decodes (media, localserver) sits below this package, so this runs before any of them.
# The same cap as studio.media.images.MAX_PIXELS.
_os.environ.setdefault("OPENCV_IO_MAX_IMAGE_PIXELS", str(64_000_000))

__version__ = "0.1.0"
