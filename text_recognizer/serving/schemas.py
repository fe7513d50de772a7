"""Request and response models of the HTTP API: what Swagger shows and clients rely on."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ClassScore(BaseModel):
    label: str = Field(description="class name", examples=["7"])
    score: float = Field(description="probability, 0 to 1", examples=[0.998])


class ClassifyResult(BaseModel):
    """One image's answer. A failed image in a many-image request has `error` and no label."""

    # OpenAPI 3.0 (what BentoML renders) takes one `example` per schema, not `examples`.
    model_config = {"json_schema_extra": {"example": {
        "file": "seven.png", "label": "7", "score": 0.998, "model": "digits:97ab3ad69dc86812",
        "top_k": [{"label": "7", "score": 0.998}, {"label": "1", "score": 0.001}, {"label": "2", "score": 0.0004}]}}}

    file: str = Field(description="the uploaded file's name, or its position for JSON input", examples=["seven.png"])
    label: str | None = Field(None, description="the most probable class", examples=["7"])
    score: float | None = Field(None, description="its probability", examples=[0.998])
    top_k: list[ClassScore] | None = Field(None, description="the most probable classes, best first")
    model: str | None = Field(None, description="name:version of the model that answered", examples=["digits:3f2a9c1d0e4b5a6c"])
    error: str | None = Field(None, description="why this image could not be classified")
    status: int | None = Field(None, description="HTTP status this image alone would have had (on errors)")


class Box(BaseModel):
    x0: int
    y0: int
    x1: int
    y1: int


class OcrWord(BaseModel):
    text: str = Field(examples=["quick"])
    confidence: float = Field(description="its least certain character's CTC probability, 0 to 1", examples=[0.98])
    box: Box = Field(description="the word's box in the uploaded image's pixels")


class OcrLine(BaseModel):
    text: str = Field(description="the line's text; a list item's solid bullet comes back as \"\u2022 \" before it",
                      examples=["The quick brown fox"])
    confidence: float = Field(description="from the CTC probabilities, 0 to 1", examples=[0.97])
    box: Box = Field(description="the line's box in the uploaded image's pixels")
    words: list[OcrWord] = Field(default_factory=list, description=(
        "the line's words left to right (its text split at spaces, a bullet left out), each with its box"))


class OcrResult(BaseModel):
    """One image's text. A failed image in a many-image request has `error` and no text."""

    model_config = {"json_schema_extra": {"example": {
        "file": "note.png", "text": "Meet me at 5 pm\non Main St.", "rotation": 0, "model": "text-lines:8d1e0f2a3b4c5d6e",
        "lines": [{"text": "Meet me at 5 pm", "confidence": 0.97, "box": {"x0": 12, "y0": 8, "x1": 410, "y1": 52},
                   "words": [{"text": "Meet", "confidence": 0.99, "box": {"x0": 12, "y0": 8, "x1": 118, "y1": 52}},
                             {"text": "me", "confidence": 0.98, "box": {"x0": 136, "y0": 8, "x1": 194, "y1": 52}},
                             {"text": "at", "confidence": 0.99, "box": {"x0": 212, "y0": 8, "x1": 256, "y1": 52}},
                             {"text": "5", "confidence": 0.97, "box": {"x0": 276, "y0": 8, "x1": 302, "y1": 52}},
                             {"text": "pm", "confidence": 0.98, "box": {"x0": 322, "y0": 8, "x1": 410, "y1": 52}}]},
                  {"text": "on Main St.", "confidence": 0.95, "box": {"x0": 12, "y0": 60, "x1": 260, "y1": 104},
                   "words": [{"text": "on", "confidence": 0.99, "box": {"x0": 12, "y0": 60, "x1": 62, "y1": 104}},
                             {"text": "Main", "confidence": 0.96, "box": {"x0": 82, "y0": 60, "x1": 180, "y1": 104}},
                             {"text": "St.", "confidence": 0.95, "box": {"x0": 198, "y0": 60, "x1": 260, "y1": 104}}]}]}}}

    file: str = Field(examples=["note.png"])
    text: str | None = Field(None, description="the lines joined by newlines", examples=["Hello world\nSecond line"])
    lines: list[OcrLine] | None = None
    rotation: int | None = Field(None, description=(
        "degrees the image was turned counter-clockwise to read it (90, 180 or 270 for sideways or upside-down "
        "text; 0 otherwise); boxes are in the uploaded image's pixels either way"), examples=[0])
    model: str | None = Field(None, examples=["text-lines:8d1e0f2a3b4c5d6e"])
    error: str | None = None
    status: int | None = None


class ErrorResponse(BaseModel):
    error: str = Field(description="what is wrong, and what to send instead")
    results: list[dict] = Field(default_factory=list, description="per-image outcome, in upload order")


class ModelInfo(BaseModel):
    name: str
    version: str
    task: str
    classes: list[str] | None = None
    charset: str | None = None
    lexicon_words: int | None = Field(None, description=(
        "line recognizers: words in the word list that corrects doubtful words (none: plain greedy readings)"))
    input: dict = Field(default_factory=dict, description="input size and normalisation")
    metrics: dict = Field(default_factory=dict, description="held-out metrics from training")
    command: str | None = Field(None, description="the command that trained it")
    code_version: str | None = None


class ModelsResponse(BaseModel):
    models: list[ModelInfo]
