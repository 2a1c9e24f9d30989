"""Allow ``python -m briefing_reader`` (the window without a command, else the CLI).

This is also the entry point of the PyInstaller bundle: :func:`launcher.main` calls
``multiprocessing.freeze_support()`` first, so spawned workers never start the app.
"""

import multiprocessing

multiprocessing.freeze_support()  # a frozen bundle's spawned workers run here and exit

from briefing_reader.launcher import main  # noqa: E402

if __name__ == "__main__":  # analysis workers are spawned and re-import this module
    raise SystemExit(main())
