"""Writes through an open file, and loads with map_location="cpu" so a GPU checkpoint loads anywhere."""

import torch


def save_checkpoint(path, model, optimizer, epoch):
    state = {"epoch": epoch, "model_state": model.state_dict(), "optim_state": optimizer.state_dict()}
    with open(path, "wb") as f:
        torch.save(state, f)


def load_checkpoint(path, model, optimizer):
    with open(path, "rb") as f:
        state = torch.load(f, map_location="cpu", weights_only=True)
    missing, unexpected = model.load_state_dict(state["model_state"], strict=True)
    optimizer.load_state_dict(state["optim_state"])
    return int(state["epoch"])
