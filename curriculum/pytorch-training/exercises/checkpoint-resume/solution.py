"""A checkpoint that resumes training exactly: state dicts of the model and the optimizer."""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    """Write the model's and the optimizer's state dicts and the epoch to `path`."""
    torch.save(
        {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch},
        path,
    )


def load_checkpoint(path, model, optimizer):
    """Load a checkpoint written by save_checkpoint into `model` and `optimizer`; return the epoch."""
    checkpoint = torch.load(path, weights_only=True)  # tensors and containers only: nothing runs
    model.load_state_dict(checkpoint["model"])  # strict: a missing or unexpected key raises
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
