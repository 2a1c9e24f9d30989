"""Allow ``python -m briefing_reader``."""

from briefing_reader.cli import main

if __name__ == "__main__":  # analysis workers are spawned and re-import this module
    raise SystemExit(main())
