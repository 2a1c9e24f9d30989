"""Allow ``python -m briefing_reader``."""

from briefing_reader.cli import main

raise SystemExit(main())
