"""The desktop window. The only package that imports Qt (PySide6).

It calls the app layer's operations, on worker threads, and shows their plain
data; it computes nothing itself. ``briefing_reader.launcher`` is the one place
outside it that loads it, when ``briefing-reader`` runs without a command.
"""
