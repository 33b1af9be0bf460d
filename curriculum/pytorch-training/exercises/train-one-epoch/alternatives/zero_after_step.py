"""Clears the gradients after each step (set to None), and divides by the size of the dataset."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train()
    total = 0.0
    for inputs, targets in loader:
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        total += loss.item() * inputs.shape[0]
    return total / len(loader.dataset)
