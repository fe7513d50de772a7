"""Turning uploaded bytes into model input.

Training and serving both call these functions, so a model sees the same pixels in both.
`images` decodes and validates uploads; `classifier` and `lines` turn a decoded image into
the tensor each kind of model expects.
"""
