"""The served form of a network on a CPU: TorchScript, frozen and optimised for inference.

`torch.jit.freeze` inlines the weights and folds each BatchNorm into its convolution;
`torch.jit.optimize_for_inference` then fuses convolution + ReLU and runs them through oneDNN.
Measured on one thread of this project's CPU (`python benchmarks/compiled_forward.py`): the digits
classifier 1.7x (batch 64) to 2.3x (batch 8) faster, the line recognizer's CNN 2.1x per line,
with outputs equal to the eager model's within 1e-5. Compiling takes well under a second, so it
happens when a predictor is built, from the stored weights: one artifact serves CPU and GPU.
"""

from __future__ import annotations

import logging
import os
import warnings

import torch

logger = logging.getLogger(__name__)

#: "0" keeps the eager modules (for debugging, or to compare).
ENABLED = os.environ.get("TEXT_RECOGNIZER_COMPILE", "1") not in ("0", "false", "off")


def compile_for_cpu(module: torch.nn.Module, device: torch.device) -> torch.nn.Module:
    """`module` as a frozen, inference-optimised TorchScript module on a CPU; unchanged elsewhere
    (on a GPU cuDNN already fuses) or when compiling fails, which is logged, never fatal."""
    if not ENABLED or device.type != "cpu":
        return module
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TorchScript's deprecation notices, once per model
            frozen = torch.jit.freeze(torch.jit.script(module.eval()))
            return torch.jit.optimize_for_inference(frozen)
    except Exception as exc:  # an architecture TorchScript cannot script: serve it eagerly
        logger.warning("serving %s eagerly: TorchScript compilation failed (%s)", type(module).__name__, exc)
        return module


#: "0" serves the line recogniser's sequence model in float32 instead of int8.
QUANTIZE = os.environ.get("TEXT_RECOGNIZER_QUANTIZE", "1") not in ("0", "false", "off")


def quantize_sequence_for_cpu(model: torch.nn.Module, device: torch.device) -> bool:
    """Quantise the line recogniser's LSTM and linear layers to int8 in place (weights int8,
    activations quantised per call) on a CPU; True if it did, False on a GPU or if it failed.

    The packed BiLSTM is what TorchScript cannot compile, and with 256 units per direction it
    is most of a line's cost. Measured on 200 held-out lines per set, one thread
    (artifacts/text-lines/README.md): CER within 0.05 points of float32, and faster even line
    by line. Line by line it must run: the activations' int8 scale comes from the whole batch,
    so batched, a line's reading would depend on its batch-mates (16 of 150 handwriting lines
    read differently alone than batched).
    """
    if not QUANTIZE or device.type != "cpu":
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation notice
            from torch.ao.quantization import quantize_dynamic

            quantized = {name: quantize_dynamic(torch.nn.Sequential(getattr(model, name)),
                                                {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)[0]
                         for name in ("proj", "rnn", "head")}
    except Exception as exc:  # no quantised engine on this CPU: serve float32
        logger.warning("serving the sequence model in float32: int8 quantisation failed (%s)", exc)
        return False
    for name, module in quantized.items():
        setattr(model, name, module)
    return True
