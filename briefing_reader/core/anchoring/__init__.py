"""Re-anchor annotations in changed document text.

An annotation remembers *what* was highlighted, not only *where*: the exact quote, up
to 32 characters of text on either side, and the old start/end offsets (the W3C Web
Annotation ``TextQuoteSelector`` and ``TextPositionSelector``). Offsets are Python
``str`` indices (code points) into the document's normalised text.

When a document is re-imported with different text, :func:`anchor` finds the passage
again or reports it as an orphan (``None``). A wrong attachment is worse than an
orphan: the note would silently comment on some other sentence. So every rule here
prefers orphaning when the evidence is weak, in this order:

1. ``position`` - the old offsets still hold the quote and its surroundings agree.
2. ``exact`` - the quote occurs exactly once (and is either long enough to identify
   itself, or its context agrees).
3. ``context`` - it occurs several times: the prefix/suffix decide; the old position
   only breaks ties between copies whose context agrees equally well.
4. ``fuzzy`` - no exact copy: approximate matches (at most ~25 % edits) found near
   words of the quote and its context, scored on quote, prefix, suffix and position.

The package is pure (no Qt, no database) so it can be tested and benchmarked alone:
``decide`` holds this order of decisions, ``context`` the evidence of a candidate's
surroundings and shape, ``fuzzy`` the search for approximate copies.
"""

from briefing_reader.core.anchoring.decide import METHODS, Anchor, anchor
from briefing_reader.core.model import TextSelector

__all__ = ["METHODS", "Anchor", "TextSelector", "anchor"]
