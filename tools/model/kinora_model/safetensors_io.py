"""Minimal safetensors reader/writer (numpy only).

Layout: 8-byte little-endian header length N, N bytes of JSON header mapping tensor name ->
{dtype, shape, data_offsets:[begin,end]} (offsets relative to the data section) plus an optional
"__metadata__" str->str map, then the raw little-endian tensor bytes.
"""
import json
import struct

import numpy as np

_DTYPES = {
    "F16": np.float16, "F32": np.float32, "F64": np.float64,
    "U8": np.uint8, "I8": np.int8, "I16": np.int16, "I32": np.int32, "I64": np.int64,
    "U16": np.uint16, "U32": np.uint32, "U64": np.uint64, "BOOL": np.bool_,
}
_NAMES = {np.dtype(v).newbyteorder("<"): k for k, v in _DTYPES.items()}


def read(path):
    """Returns (dict name -> numpy array, metadata dict)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    meta = header.pop("__metadata__", {}) or {}
    base = 8 + n
    out = {}
    for name, info in header.items():
        dt = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        b, e = info["data_offsets"]
        arr = np.frombuffer(blob, dtype=dt, count=(e - b) // dt.itemsize, offset=base + b)
        out[name] = arr.reshape(info["shape"]).astype(dt.newbyteorder("="), copy=True)
    return out, meta


def write(path, tensors, metadata=None):
    """tensors: dict name -> numpy array (written in insertion order, 8-byte aligned header)."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr)
        le = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        data = le.tobytes()
        header[name] = {"dtype": _NAMES[le.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((8 - len(hjson) % 8) % 8)  # padding keeps the data section aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hjson)))
        f.write(hjson)
        for c in chunks:
            f.write(c)
