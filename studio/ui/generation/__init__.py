"""Generation from the studio window: the controller and its dialogs."""

from studio.app.generation import GenerationConfig
from studio.ui.generation.controller import GenerationController

__all__ = ["GenerationConfig", "GenerationController"]
