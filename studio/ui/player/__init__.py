"""The built-in player (``PlayerWidget``): one take, A/B compare, play the cut."""

from studio.ui.player.widget import PlayerWidget

__all__ = ["PlayerWidget"]
