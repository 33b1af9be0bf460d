import copy

import torch
from torch import nn

from exercise import predict

torch.set_num_threads(1)


def trained_model():
    """A small net with batch norm and dropout whose running statistics are not the defaults."""
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.5), nn.Linear(16, 2)
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.train()
    for _ in range(20):
        X = torch.randn(32, 4) * 2 + 1
        loss = (model(X) - X[:, :2]).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def inputs(n=70):
    return torch.randn(n, 4, generator=torch.Generator().manual_seed(1)) * 2 + 1


def expected_output(model, X):
    reference = copy.deepcopy(model).eval()
    with torch.no_grad():
        return reference(X)


def test_same_output_on_every_call():
    model, X = trained_model(), inputs()
    first, second = predict(model, X, batch_size=32), predict(model, X, batch_size=32)
    assert torch.equal(first, second), (
        "two predictions of the same inputs differ: dropout is still active. Call model.eval() "
        "before predicting (torch.no_grad() alone does not switch dropout off)"
    )


def test_matches_the_model_in_eval_mode_whatever_the_batch_size():
    model, X = trained_model(), inputs()
    want = expected_output(model, X)
    for batch_size in (32, 7, 100):
        got = predict(model, X, batch_size=batch_size)
        assert torch.is_tensor(got) and got.shape == want.shape, (
            f"batch_size={batch_size}: expected one tensor of shape {tuple(want.shape)}, "
            f"got {tuple(got.shape) if torch.is_tensor(got) else type(got).__name__}: every row of X, "
            "the last partial batch included"
        )
        assert torch.allclose(got, want, atol=1e-5), (
            f"batch_size={batch_size}: the predictions differ from the model's in eval mode by up to "
            f"{(got - want).abs().max().item():.3g}: in training mode batch norm normalises with each "
            "batch's own statistics and dropout zeroes units"
        )


def test_no_autograd_graph_is_recorded():
    model, X = trained_model(), inputs()
    out = predict(model, X, batch_size=32)
    assert not out.requires_grad and out.grad_fn is None, (
        "the predictions carry an autograd graph (requires_grad=True): run the forward passes inside "
        "`with torch.no_grad():` (or torch.inference_mode())"
    )


def test_the_model_is_left_as_it_was():
    model, X = trained_model(), inputs()
    before = copy.deepcopy(model.state_dict())
    predict(model, X, batch_size=32)
    for name, value in model.state_dict().items():
        assert torch.equal(value, before[name]), (
            f"predicting changed the model's {name}: in training mode every forward pass updates batch "
            "norm's running statistics. Predict in eval mode"
        )


def test_training_mode_is_restored():
    model, X = trained_model(), inputs()
    model.train()
    predict(model, X, batch_size=32)
    assert model.training and all(m.training for m in model.modules()), (
        "the model was handed over in training mode and came back in eval mode: restore the mode it had"
    )


def test_eval_mode_is_restored():
    model, X = trained_model(), inputs()
    model.eval()
    predict(model, X, batch_size=32)
    assert not any(m.training for m in model.modules()), (
        "the model was handed over in eval mode and came back in training mode: restore the mode it had "
        "(model.train(was_training)), do not always switch back to training"
    )
