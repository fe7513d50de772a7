"""CRNN line recogniser: a small CNN reads the line image, a BiLSTM reads the CNN's columns.

Output convention: `forward` returns log-probabilities shaped (T, N, C) -- time first, as
`torch.nn.CTCLoss` and `text_recognizer.ctc.greedy_decode` take them -- and the number of
valid frames per line. One frame covers 4 input pixels of width, so a 32 px tall line
gives about one frame per quarter of the line height: enough for narrow letters such as
"il" and for the blank CTC needs between doubled letters.

The network is deliberately small (1.4 M parameters with 128 LSTM units; the shipped one, widened
to 256, has 3.9 M; a few ms per line on one CPU core):
it is served with batching on CPU and benchmarked against Tesseract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

#: Horizontal downsampling of the CNN: frames = ceil(width / STRIDE).
STRIDE = 4


@dataclass
class LineRecognizerConfig:
    num_classes: int
    height: int = 32
    channels: tuple[int, ...] = (32, 64, 128, 128, 192)
    hidden: int = 128
    lstm_layers: int = 2
    dropout: float = 0.15

    def to_dict(self) -> dict:
        d = asdict(self)
        d["channels"] = list(self.channels)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "LineRecognizerConfig":
        d = dict(d)
        d["channels"] = tuple(d["channels"])
        return cls(**d)


def _block(cin: int, cout: int) -> list[nn.Module]:
    return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)]


class LineRecognizer(nn.Module):
    """(N, 1, H, W) line batch -> ((T, N, C) log-probs, (N,) frame counts)."""

    def __init__(self, config: LineRecognizerConfig) -> None:
        super().__init__()
        self.config = config
        c1, c2, c3, c4, c5 = config.channels
        if config.height % 16:
            raise ValueError("height must be a multiple of 16 (four halvings)")
        self.cnn = nn.Sequential(
            *_block(1, c1), nn.MaxPool2d(2, 2),            # H/2,  W/2
            *_block(c1, c2), nn.MaxPool2d(2, 2),           # H/4,  W/4
            *_block(c2, c3), *_block(c3, c4),
            nn.MaxPool2d((2, 1), (2, 1)),                  # H/8,  W/4
            *_block(c4, c5), nn.MaxPool2d((2, 1), (2, 1)),  # H/16, W/4
        )
        feat = c5 * (config.height // 16)
        self.proj = nn.Sequential(nn.Linear(feat, 2 * config.hidden), nn.ReLU(inplace=True), nn.Dropout(config.dropout))
        self.rnn = nn.LSTM(2 * config.hidden, config.hidden, num_layers=config.lstm_layers, bidirectional=True,
                           dropout=config.dropout if config.lstm_layers > 1 else 0.0)
        self.head = nn.Sequential(nn.Dropout(config.dropout), nn.Linear(2 * config.hidden, config.num_classes))

    @staticmethod
    def output_lengths(widths: torch.Tensor) -> torch.Tensor:
        return torch.div(widths + STRIDE - 1, STRIDE, rounding_mode="floor")

    def forward(self, images: torch.Tensor, widths: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        n, _, h, w = images.shape
        if h != self.config.height:
            raise ValueError(f"expected height {self.config.height}, got {h}")
        feats = self.cnn(images)                               # (N, C5, H/16, T)
        t = feats.shape[-1]
        feats = feats.flatten(1, 2).permute(2, 0, 1)           # (T, N, C5*H/16)
        if widths is None:
            widths = torch.full((n,), w, dtype=torch.int64)
        lengths = self.output_lengths(widths.cpu()).clamp(1, t)
        return self._sequence(feats, lengths)

    def _sequence(self, feats: torch.Tensor, lengths: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(T, N, F) CNN features -> log-probs. Packing keeps padding frames out of the LSTM (the
        backward direction would otherwise start in the padding), so a line reads the same alone
        or batched with wider ones."""
        t = feats.shape[0]
        feats = self.proj(feats)
        packed = pack_padded_sequence(feats, lengths, enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = pad_packed_sequence(out, total_length=t)
        logits = self.head(out)
        return logits.log_softmax(-1), lengths

    def forward_lines(self, lines: list[tuple[torch.Tensor, int]]) -> tuple[torch.Tensor, torch.Tensor]:
        """`forward` for lines given one by one as ((1, 1, H, W_i), true width): the CNN runs per
        line, the sequence model once for all.

        The same result as `forward` on each line alone, at a lower cost on a CPU: a batched CNN
        pass over padded lines is *slower* per line there (its activations outgrow the caches;
        measured 16-18 ms vs 13 ms per line), while the LSTM gains from batching (one matrix
        product per step for all lines instead of one per line). On a GPU, batch the CNN too.
        """
        feats, lengths = [], []
        for image, width in lines:
            f = self.cnn(image)                                # (1, C5, H/16, T_i)
            t = f.shape[-1]
            feats.append(f.flatten(1, 2).permute(2, 0, 1)[:, 0])  # (T_i, F)
            lengths.append(min(max(int(self.output_lengths(torch.tensor(width))), 1), t))
        return self._sequence(pad_sequence(feats), torch.tensor(lengths, dtype=torch.int64))


def build_model(config: LineRecognizerConfig | dict) -> LineRecognizer:
    if isinstance(config, dict):
        config = LineRecognizerConfig.from_dict(config)
    return LineRecognizer(config)


def widen(state_dict: dict[str, torch.Tensor], config: LineRecognizerConfig, hidden: int,
          seed: int = 0) -> tuple[dict[str, torch.Tensor], LineRecognizerConfig]:
    """Weights for the same model with a wider sequence model (`hidden` LSTM units per
    direction), computing exactly the same function as `state_dict` does.

    Growing a trained recogniser this way (Net2Net-style) keeps everything it has learnt:
    the old units keep their weights, the new units start from a fresh random init, and every
    weight *out of* a new unit (into the old units, the next layer and the head) starts at
    zero, so the output is unchanged until training makes those weights useful. Training a
    wider model from scratch would cost the whole CPU training time again.
    """
    old_h = config.hidden
    if hidden < old_h:
        raise ValueError(f"can only widen: {hidden} < {old_h} units")
    new_config = LineRecognizerConfig.from_dict({**config.to_dict(), "hidden": hidden})
    torch.manual_seed(seed)
    new = {k: v.clone() for k, v in build_model(new_config).state_dict().items()}
    # Where each old bidirectional feature (forward units, then backward units) lands.
    concat = torch.cat([torch.arange(old_h), hidden + torch.arange(old_h)])
    gates = [g * hidden + torch.arange(old_h) for g in range(4)]  # rows of old units in (i, f, g, o)
    old_rows = torch.cat(gates)

    for key, value in state_dict.items():
        if not (key.startswith("proj.0.") or key.startswith("rnn.") or key.startswith("head.1.")):
            new[key] = value.clone()  # CNN and anything else unchanged
    # proj: old outputs keep their places; new outputs feed only zero weights (below).
    new["proj.0.weight"][: 2 * old_h] = state_dict["proj.0.weight"]
    new["proj.0.bias"][: 2 * old_h] = state_dict["proj.0.bias"]
    for layer in range(config.lstm_layers):
        for suffix in ("", "_reverse"):
            ih, hh = f"rnn.weight_ih_l{layer}{suffix}", f"rnn.weight_hh_l{layer}{suffix}"
            # Old units read only old inputs: their rows get the old weights and zeros elsewhere.
            in_cols = torch.arange(2 * old_h) if layer == 0 else concat
            new[ih][old_rows] = 0.0
            new[ih][old_rows[:, None], in_cols[None, :]] = state_dict[ih]
            new[hh][old_rows] = 0.0
            new[hh][old_rows[:, None], torch.arange(old_h)[None, :]] = state_dict[hh]
            for b in ("bias_ih", "bias_hh"):
                key = f"rnn.{b}_l{layer}{suffix}"
                new[key][old_rows] = state_dict[key]
            # New units may read anything, but nothing reads them yet.
            if layer + 1 < config.lstm_layers:
                for nxt in ("", "_reverse"):
                    w = new[f"rnn.weight_ih_l{layer + 1}{nxt}"]
                    new_units = torch.arange(old_h, hidden) + (hidden if suffix else 0)
                    w[:, new_units] = 0.0
    new["head.1.weight"].zero_()
    new["head.1.weight"][:, concat] = state_dict["head.1.weight"]
    new["head.1.bias"] = state_dict["head.1.bias"].clone()
    return new, new_config


#: Indices of the convolutions and of their BatchNorms in `LineRecognizer.cnn`.
_CONVS = ("cnn.0", "cnn.4", "cnn.8", "cnn.11", "cnn.15")
_NORMS = ("cnn.1", "cnn.5", "cnn.9", "cnn.12", "cnn.16")


def widen_cnn(state_dict: dict[str, torch.Tensor], config: LineRecognizerConfig, channels: tuple[int, ...],
              seed: int = 0) -> tuple[dict[str, torch.Tensor], LineRecognizerConfig]:
    """Weights for the same model with more CNN channels, computing exactly what `state_dict` does.

    The same Net2Net-style growth as `widen`, for the image side, where letter shapes are told
    apart (the CNN holds 0.5 M of the shipped model's 3.9 M parameters). Old channels keep their
    weights and read only old channels; new channels start from a fresh init and may read
    anything; every weight out of a new channel (into the next convolution, or into `proj`)
    starts at zero. (Tried on the stage-9 weights: it fitted the training faces better and the
    held-out ones worse, so the shipped model is not widened; artifacts/text-lines/README.md.)
    """
    old = tuple(config.channels)
    channels = tuple(channels)
    if len(channels) != len(old) or any(n < o for n, o in zip(channels, old)):
        raise ValueError(f"can only widen: channels {channels} against {old}")
    new_config = LineRecognizerConfig.from_dict({**config.to_dict(), "channels": list(channels)})
    torch.manual_seed(seed)
    new = {k: v.clone() for k, v in build_model(new_config).state_dict().items()}
    for key, value in state_dict.items():
        if not key.startswith("cnn.") and key != "proj.0.weight":
            new[key] = value.clone()  # sequence model and head unchanged
    old_in = 1
    for conv, norm, o in zip(_CONVS, _NORMS, old):
        w = new[f"{conv}.weight"]
        w[:o] = 0.0  # old channels: old weights from old inputs, nothing from new ones
        w[:o, :old_in] = state_dict[f"{conv}.weight"]
        for name in ("weight", "bias", "running_mean", "running_var"):
            new[f"{norm}.{name}"][:o] = state_dict[f"{norm}.{name}"]
        new[f"{norm}.num_batches_tracked"] = state_dict[f"{norm}.num_batches_tracked"].clone()
        old_in = o
    # proj reads the last block's features channel-major (channel c, row r at c * rows + r),
    # so the old channels' features keep their places and the new ones follow them.
    rows = config.height // 16
    new["proj.0.weight"][:, : old[-1] * rows] = state_dict["proj.0.weight"]
    new["proj.0.weight"][:, old[-1] * rows :] = 0.0
    return new, new_config


#: Bias of the output units `extend_classes` adds: far below any trained logit (the trained
#: head's are within about +-15), so the new characters start with probability ~0 everywhere.
NEW_CLASS_BIAS = -30.0


def extend_classes(state_dict: dict[str, torch.Tensor], config: LineRecognizerConfig,
                   num_classes: int) -> tuple[dict[str, torch.Tensor], LineRecognizerConfig]:
    """Weights for the same model with `num_classes` outputs, the extra ones for characters
    appended to the charset, reading everything as `state_dict` did.

    The new output units get zero weights and a very low bias: until training teaches them
    their characters, no frame picks them, and the old classes' probabilities are unchanged
    (to within exp(NEW_CLASS_BIAS)). Their weights still get gradient from the first step.
    """
    old = config.num_classes
    if num_classes < old:
        raise ValueError(f"can only add classes: {num_classes} < {old}")
    new_config = LineRecognizerConfig.from_dict({**config.to_dict(), "num_classes": num_classes})
    new = {k: v.clone() for k, v in state_dict.items()}
    w, b = state_dict["head.1.weight"], state_dict["head.1.bias"]
    new["head.1.weight"] = torch.cat([w, w.new_zeros((num_classes - old, w.shape[1]))])
    new["head.1.bias"] = torch.cat([b, b.new_full((num_classes - old,), NEW_CLASS_BIAS)])
    return new, new_config


def grow_to(state_dict: dict[str, torch.Tensor], config: LineRecognizerConfig, target: LineRecognizerConfig,
            seed: int = 0) -> dict[str, torch.Tensor]:
    """`state_dict` grown to `target`'s shape the way `training.train_line_recognizer --init` grows
    it (classes, then LSTM units, then CNN channels, each new part drawn with `seed`): with the
    fine-tuning's `--seed` this is exactly the model that fine-tuning started from, which is what a
    weight average of a widened stage with the one before it needs."""
    same = {k: v for k, v in config.to_dict().items() if k not in ("num_classes", "hidden", "channels")}
    if same != {k: v for k, v in target.to_dict().items() if k not in ("num_classes", "hidden", "channels")}:
        raise ValueError(f"{config} cannot grow into {target}: only classes, LSTM units and channels can")
    if target.num_classes != config.num_classes:
        state_dict, config = extend_classes(state_dict, config, target.num_classes)
    if target.hidden != config.hidden:
        state_dict, config = widen(state_dict, config, target.hidden, seed=seed)
    if tuple(target.channels) != tuple(config.channels):
        state_dict, config = widen_cnn(state_dict, config, tuple(target.channels), seed=seed)
    return state_dict
