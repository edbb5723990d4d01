"""Sora Studio: storyboard, generate and cut short films with Videos-API models."""

__version__ = "0.1.0"
