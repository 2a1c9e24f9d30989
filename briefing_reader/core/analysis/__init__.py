"""Entity analysis: spaCy's statistical NER plus rule layers for briefing text.

Importing this package is cheap; spaCy loads only when a pipeline is first needed,
and only import and re-analysis need one: opening or searching never does.
"""
