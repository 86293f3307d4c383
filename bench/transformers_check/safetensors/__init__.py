"""A reader of the safetensors format written from its published specification (8-byte
little-endian header length, a JSON header of dtype/shape/data_offsets per tensor and an
optional "__metadata__" map, then the raw little-endian bytes), standing in for the
package of that name, whose compiled extension cannot be built on a machine without the
Rust crate registry. Only what transformers calls to LOAD a checkpoint: safe_open (keys,
metadata, get_tensor, get_slice) and safetensors.torch.load_file. Writing is refused."""
import json
import struct

import numpy
import torch as _torch  # not "torch": the submodule safetensors.torch takes that name

__version__ = "0.4.5"

_DTYPES = {"F64": _torch.float64, "F32": _torch.float32, "F16": _torch.float16, "BF16": _torch.bfloat16,
           "I64": _torch.int64, "I32": _torch.int32, "I16": _torch.int16, "I8": _torch.int8, "U8": _torch.uint8,
           "BOOL": _torch.bool}
_SIZES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}


class SafetensorError(Exception):
    pass


def _read(path):
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise SafetensorError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise SafetensorError(f"{path}: header length {n} past the end of the file")
    header = json.loads(blob[8:8 + n])
    return header, memoryview(blob)[8 + n:]


def _tensor(name, entry, data):
    kind = entry["dtype"]
    if kind not in _DTYPES:
        raise SafetensorError(f"{name}: dtype {kind} not supported")
    begin, end = entry["data_offsets"]
    count = 1
    for d in entry["shape"]:
        count *= d
    if end - begin != count * _SIZES[kind] or end > len(data) or begin < 0:
        raise SafetensorError(f"{name}: data_offsets {begin}..{end} do not hold shape {entry['shape']} of {kind}")
    raw = bytes(data[begin:end])
    if kind == "BF16":
        return _torch.from_numpy(numpy.frombuffer(raw, dtype="<i2").copy()).view(_torch.bfloat16).reshape(entry["shape"])
    numpy_kind = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1",
                  "U8": "u1", "BOOL": "?"}[kind]
    return _torch.from_numpy(numpy.frombuffer(raw, dtype=numpy_kind).copy()).reshape(entry["shape"])


class _Slice:
    def __init__(self, tensor):
        self._tensor = tensor

    def get_shape(self):
        return list(self._tensor.shape)

    def get_dtype(self):
        return {v: k for k, v in _DTYPES.items()}[self._tensor.dtype]

    def __getitem__(self, index):
        return self._tensor[index]


class safe_open:
    def __init__(self, filename, framework="pt", device="cpu"):
        if framework not in ("pt", "torch"):
            raise SafetensorError(f"framework {framework} not supported here")
        self._header, self._data = _read(filename)
        self._metadata = self._header.pop("__metadata__", None)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def keys(self):
        return list(self._header.keys())

    def metadata(self):
        return self._metadata

    def get_tensor(self, name):
        return _tensor(name, self._header[name], self._data)

    def get_slice(self, name):
        return _Slice(self.get_tensor(name))
