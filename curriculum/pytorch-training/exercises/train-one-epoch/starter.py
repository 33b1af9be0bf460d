"""One epoch of the canonical PyTorch training loop."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    """Train `model` for one pass over `loader`; return the epoch's mean loss as a float.

    `loader` yields (inputs, targets) batches; `loss_fn(model(inputs), targets)` is the mean
    loss of a batch; `optimizer` was built on model.parameters(). The returned mean is over
    examples: each batch's loss weighted by the batch's size, so a smaller last batch counts
    for less. The model may be handed over in eval mode: train it in training mode.
    """
    # TODO: for each batch, clear the gradients, compute the loss, backpropagate, step.
    raise NotImplementedError("train_one_epoch is not written yet")
