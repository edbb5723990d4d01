"""The application layer: what the studio window does, without Qt.

Between ``ui`` (widgets, undo commands) and ``services`` (the engine): the generation
service (providers from profiles, plans, take status, media placement), project files
(open / save / recover off the GUI thread), and the one task manager that runs every
piece of the window's async work. The window drives it; the CLI can use it too.
"""
