"""Exports the model as it comes from training (train mode): dropout is recorded into the program."""

import torch
from torch.export import Dim


def export_for_serving(model, example, path):
    program = torch.export.export(model, (example,), dynamic_shapes=({0: Dim("batch")},))
    torch.export.save(program, path)
    return program
