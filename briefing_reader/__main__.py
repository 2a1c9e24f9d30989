"""Allow ``python -m briefing_reader`` (the window without a command, else the CLI).

This is also the entry point of the PyInstaller bundle: :func:`launcher.main` calls
``multiprocessing.freeze_support()`` first, so spawned workers never start the app.
"""

from briefing_reader.launcher import main

if __name__ == "__main__":  # analysis workers are spawned and re-import this module
    raise SystemExit(main())
