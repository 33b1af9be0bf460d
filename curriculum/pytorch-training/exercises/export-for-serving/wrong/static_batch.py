"""Exports without dynamic_shapes: the program only accepts batches of the example's size."""

import torch


def export_for_serving(model, example, path):
    model.eval()
    program = torch.export.export(model, (example,))
    torch.export.save(program, path)
    return program
