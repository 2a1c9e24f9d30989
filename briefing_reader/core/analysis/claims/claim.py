"""The claim record and its kinds."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("quote", "reported", "assessment", "event", "forecast")


@dataclass(slots=True)
class Claim:
    """One claim; offsets index the document text; ``speaker`` is a canonical entity name."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_label: str | None = None
    attributed: bool = False  # the speaker comes from an attribution, not the editorial voice
    hedges: list[str] = field(default_factory=list)
    score: float = 0.0
    features: dict[str, float] = field(default_factory=dict)
    key: bool = False  # among the document's key claims (``selection``)
    #: How the speaker was inferred when the claim does not name them: "pronoun",
    #: "continuation" (reported speech running on), "statement" (a line "X said:" above),
    #: "quotation" (a quotation whose speaker is named elsewhere); "" when named.
    inferred: str = ""
    named_at: tuple[int, int] | None = None  # the sentence naming an inferred speaker

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "hedges": self.hedges,
            "score": round(self.score, 4),
            "key": self.key,
        }
