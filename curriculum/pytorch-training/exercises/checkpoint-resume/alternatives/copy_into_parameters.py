"""Copies the saved tensors into the existing parameters by hand, under no_grad (what load_state_dict does)."""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    weights = {name: p.detach().clone() for name, p in model.named_parameters()}
    torch.save({"weights": weights, "optimizer": optimizer.state_dict(), "epoch": torch.tensor(epoch)}, path)


def load_checkpoint(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    params = dict(model.named_parameters())
    if params.keys() != checkpoint["weights"].keys():
        raise KeyError(f"checkpoint does not match the model: {sorted(params.keys() ^ checkpoint['weights'].keys())}")
    with torch.no_grad():
        for name, value in checkpoint["weights"].items():
            params[name].copy_(value)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"].item()
