"""Windows by index arithmetic, and a BatchSampler over a seeded RandomSampler."""

import torch
from torch.utils.data import BatchSampler, DataLoader, Dataset, RandomSampler


class WindowDataset(Dataset):
    def __init__(self, series, window):
        self.series = torch.as_tensor(series)
        self.window = window

    def __len__(self):
        return max(self.series.shape[0] - self.window, 0)

    def __getitem__(self, i):
        if not 0 <= i < len(self):
            raise IndexError(i)
        end = i + self.window
        return self.series[i:end].clone(), self.series[end].clone()


def make_loader(dataset, batch_size, seed):
    generator = torch.Generator()
    generator.manual_seed(seed)
    batches = BatchSampler(RandomSampler(dataset, generator=generator), batch_size, drop_last=False)
    return DataLoader(dataset, batch_sampler=batches)
