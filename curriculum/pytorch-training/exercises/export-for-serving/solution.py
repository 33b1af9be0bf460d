"""Export a trained model for serving: eval mode, a dynamic batch axis, a .pt2 file."""

import torch
from torch.export import Dim


def export_for_serving(model, example, path):
    """Export model (in eval mode) with any batch size, save it to `path`, return the program."""
    model.eval()  # export records the graph as it runs now: with dropout off
    batch = Dim("batch")  # a named symbol for axis 0, instead of the example's size
    program = torch.export.export(model, (example,), dynamic_shapes=({0: batch},))
    torch.export.save(program, path)
    return program
