"""One epoch of the canonical PyTorch training loop."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    """Train `model` for one pass over `loader`; return the epoch's mean loss as a float.

    The mean is over examples: each batch's (mean) loss weighted by the batch's size,
    so a smaller last batch counts for less.
    """
    model.train()  # dropout and batch norm in training behaviour, whatever mode we were given
    total, count = 0.0, 0
    for inputs, targets in loader:
        optimizer.zero_grad()  # gradients accumulate: clear the previous batch's
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(inputs)  # a float: no graph kept alive
        count += len(inputs)
    return total / count
