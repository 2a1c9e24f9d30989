"""The version of the analysis, apart from the pipeline so that reading a document can
tell an older analysis without loading the analysis code."""

#: Bump when the model, rules or resolution change; ``reanalyze`` redoes older analyses.
ANALYSIS_VERSION = 9
