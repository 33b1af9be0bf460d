"""model.zero_grad(), and a running sum of detached losses turned into a float once, at the end."""

import torch


def train_one_epoch(model, loader, loss_fn, optimizer):
    model.train(True)
    total = torch.zeros(())
    count = 0
    for inputs, targets in loader:
        model.zero_grad()
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total += loss.detach() * len(targets)
        count += len(targets)
    return (total / count).item()
