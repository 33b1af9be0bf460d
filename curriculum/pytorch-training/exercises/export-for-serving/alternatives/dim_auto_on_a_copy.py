"""Dim.AUTO lets export decide which axes can vary; exports an eval-mode copy, leaving the caller's model as it was."""

import copy

import torch
from torch.export import Dim


def export_for_serving(model, example, path):
    frozen = copy.deepcopy(model).eval()
    program = torch.export.export(frozen, (example,), dynamic_shapes=({0: Dim.AUTO, 1: Dim.STATIC},))
    torch.export.save(program, path)
    return program
