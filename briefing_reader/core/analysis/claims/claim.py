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

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker,
            "hedges": self.hedges,
            "score": round(self.score, 4),
        }
