"""Exports a small wrapper module, with a bounded batch Dim, under torch.no_grad() and a saved/restored mode."""

import torch
from torch import nn
from torch.export import Dim


class Serving(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)


def export_for_serving(model, example, path):
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            program = torch.export.export(
                Serving(model), args=(example,), dynamic_shapes=[{0: Dim("batch", min=1, max=4096)}]
            )
    finally:
        model.train(was_training)
    torch.export.save(program, str(path))
    return program
