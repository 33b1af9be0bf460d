"""An experiment config that chooses its optimizer by a `kind` tag."""

from pydantic import BaseModel


class SGD(BaseModel):
    """kind "sgd"; lr > 0 (default 0.1); 0 <= momentum < 1 (default 0.9); nesterov: bool (default False)."""

    # TODO: the fields above, with their constraints; reject unknown keys.


class AdamW(BaseModel):
    """kind "adamw"; lr > 0 (default 1e-3); betas: two floats, each 0 <= b < 1
    (default (0.9, 0.999)); weight_decay >= 0 (default 0.01)."""

    # TODO: the fields above, with their constraints; reject unknown keys.


class Experiment(BaseModel):
    """name: non-empty str; optimizer: an SGD or an AdamW, chosen by its "kind";
    max_grad_norm: float > 0, or None for no clipping (default None)."""

    # TODO: make `optimizer` a discriminated union; reject unknown keys.
    name: str
    optimizer: dict
    max_grad_norm: float | None = None
