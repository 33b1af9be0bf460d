"""A checkpoint that resumes training exactly: state dicts of the model and the optimizer."""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    """Write everything needed to resume training to the file `path`: the model's weights,
    the optimizer's state and the epoch (an int). The file must load with
    torch.load(path, weights_only=True).
    """
    # TODO
    raise NotImplementedError


def load_checkpoint(path, model, optimizer):
    """Load a checkpoint written by save_checkpoint into the freshly built `model` and
    `optimizer` (same architecture, same optimizer class); return the epoch."""
    # TODO
    raise NotImplementedError
