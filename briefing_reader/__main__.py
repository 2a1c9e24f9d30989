"""Allow ``python -m briefing_reader`` (the window without a command, else the CLI)."""

from briefing_reader.launcher import main

if __name__ == "__main__":  # analysis workers are spawned and re-import this module
    raise SystemExit(main())
