"""Export a trained model for serving: eval mode, a dynamic batch axis, a .pt2 file."""

import torch
from torch.export import Dim


def export_for_serving(model, example, path):
    """Export `model` with torch.export, save the program to `path` and return it.

    `example` is one input batch of shape (batch, features). The exported program must give
    the model's eval-mode outputs (no dropout) for a batch of any size, and the file must
    load with torch.export.load(path).
    """
    # TODO: eval mode, torch.export.export with a dynamic batch axis, torch.export.save.
    raise NotImplementedError("export_for_serving is not written yet")
