"""Persistence: project files, bundled resources, library, settings and secrets. No Qt."""
