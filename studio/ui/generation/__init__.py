"""Generation from the studio window: the controller, its dialogs and media handling."""

from studio.ui.generation.controller import GenerationConfig, GenerationController

__all__ = ["GenerationConfig", "GenerationController"]
