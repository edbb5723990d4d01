"""Guards on the Qt binding itself: bugs we have been bitten by must not come back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Pinger(QObject):
    ping = Signal()


def test_signal_emit_keeps_true_alive(qapp) -> None:
    """PySide6 6.12.0 dropped a reference to True on every emit(); Python 3.11 then aborts
    with 'bool_dealloc' after a few thousand signals. pyproject pins a binding without it."""
    pinger = _Pinger()
    before = sys.getrefcount(True)
    for _ in range(2_000):
        pinger.ping.emit()
    assert sys.getrefcount(True) >= before - 10
