"""The shot timeline widget (``TimelineView``) and its Qt-free geometry (``layout``)."""

from studio.ui.timeline.view import TimelineView

__all__ = ["TimelineView"]
