"""The frozen app's entry point: PyInstaller runs this file as ``__main__``.

``multiprocessing.freeze_support()`` comes first: the local provider renders in a
*spawned* process pool, and in a frozen build each worker is this same executable started
with multiprocessing's arguments; freeze_support runs the worker's task and exits there,
before the command line below would try to read those arguments.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    import sys

    from studio.cli import main

    sys.exit(main())
