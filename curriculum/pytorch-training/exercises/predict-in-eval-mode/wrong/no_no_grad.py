"""Switches to eval mode but forgets torch.no_grad(): every prediction carries an autograd graph."""

import torch


def predict(model, X, batch_size=64):
    was_training = model.training
    model.eval()
    outputs = [model(X[i : i + batch_size]) for i in range(0, len(X), batch_size)]
    model.train(was_training)
    return torch.cat(outputs)
