"""Slices the target (series[i + window : i + window + 1]): targets batch to (B, 1) instead of (B,)."""

import torch
from torch.utils.data import DataLoader, Dataset


class WindowDataset(Dataset):
    def __init__(self, series, window):
        self.series = series
        self.window = window

    def __len__(self):
        return len(self.series) - self.window

    def __getitem__(self, i):
        w = self.window
        return self.series[i : i + w], self.series[i + w : i + w + 1]


def make_loader(dataset, batch_size, seed):
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(dataset, batch_size=batch_size, shuffle=True, generator=generator)
