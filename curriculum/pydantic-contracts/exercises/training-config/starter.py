"""A validated, frozen training config."""

from pydantic import BaseModel


class TrainingConfig(BaseModel):
    """Settings of one training run, loaded with TrainingConfig.model_validate(raw_dict).

    Fields (name: type, default, rule):
      learning_rate:   float, required, 0 < learning_rate <= 1
      batch_size:      int, required, > 0, STRICT: True, "64" and 64.0 are rejected
      epochs:          int, default 10, >= 1 (lax: "20" from a CLI loads as 20)
      dropout:         float, default 0.1, 0 <= dropout < 1
      mixed_precision: bool, default False
      seed:            int or None, default None

    Unknown keys are rejected, and the config is frozen (assignment raises).
    """

    # TODO: add the constraints, strictness and model_config described above.
    learning_rate: float
    batch_size: int
    epochs: int = 10
    dropout: float = 0.1
    mixed_precision: bool = False
    seed: int | None = None
