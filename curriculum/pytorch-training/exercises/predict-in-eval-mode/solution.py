"""Batched inference: eval mode, no autograd graph, and the caller's mode given back."""

import torch


def predict(model, X, batch_size=64):
    """Return model(X) computed in eval mode, in batches, without recording a graph."""
    was_training = model.training
    model.eval()  # dropout off, batch norm uses its running statistics
    try:
        with torch.no_grad():  # no graph: less memory, and the output does not require grad
            outputs = [model(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
    finally:
        model.train(was_training)  # give the model back in the mode it came in
    return torch.cat(outputs)
