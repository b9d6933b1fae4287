#!/usr/bin/env python3
"""Read Interlens session and study files into tidy tables (h5py + numpy; pandas DataFrames when pandas is there).

    python3 read_session.py FILE.h5 [--json]

A session (one prompt, several models) gives three tables:
  models        one row per model: id, architecture, p_target, target_rank, error
  interactions  one row per (model, type, coalition): model, type ("AND"/"OR"), mask, order, words (list), value
  pairs         one row per model pair: a, b, kappa (and its variants), shared_and, shared_or (lists of word lists)
A study (many prompts) gives:
  prompts       one row per prompt: index, id, status, filter, target, players (list)
  values        one row per (prompt, model): index, model, p_target, target_rank, u
  kappa         one row per (prompt, model pair): index, a, b, kappa
  kappa_matrix  one row per ordered model pair of the aggregate: a, b, kappa
Reads schema 1 (fixed-length byte strings) and schema 2 (variable-length UTF-8) alike. See docs/python.md.
"""

import json
import math
import sys

import h5py
import numpy as np

try:  # optional: DataFrames instead of lists of dicts
    import pandas as pd
except ImportError:
    pd = None


def text(value):
    """A string attribute or element as str: schema 1 stores NUL-padded bytes, schema 2 UTF-8 str."""
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return text(value[()])
    return str(value)


def texts(values):
    """A string list attribute (players, ...) as a list of str; empty lists are stored without a shape."""
    if values is None or isinstance(values, h5py.Empty):
        return []
    return [text(v) for v in np.atleast_1d(values)]


def file_kind(f):
    """'session' or 'study': the root `format` attribute (schema 2), else the top group (schema 1)."""
    if "format" in f.attrs:
        return {"interlens-session": "session", "interlens-study": "study"}.get(text(f.attrs["format"]), "other")
    return "session" if "session" in f else "study" if "study" in f else "other"


def coalition_words(mask, players):
    """Bit i of the mask set = player i is in the coalition (player 0 = lowest bit)."""
    return [word for i, word in enumerate(players) if int(mask) >> i & 1]


def table(rows):
    return pd.DataFrame(rows) if pd is not None else rows


def read_session(path):
    with h5py.File(path, "r") as f:
        meta = f["session"].attrs
        players = texts(meta["players"])
        models, interactions, pairs = [], [], []
        for group in f["models"].values():
            model_id = text(group.attrs["id"])
            models.append({"id": model_id, "architecture": text(group.attrs["architecture"]),
                           "p_target": float(group.attrs["p_target"]), "target_rank": int(group.attrs["target_rank"]),
                           "error": text(group.attrs["error"])})
            for kind, name in (("AND", "I_and"), ("OR", "I_or")):
                values = group[name][()]
                for mask, value in enumerate(values):
                    interactions.append({"model": model_id, "type": kind, "mask": mask, "order": bin(mask).count("1"),
                                         "words": coalition_words(mask, players), "value": float(value)})
        for group in f["pairs"].values():
            row = {"a": text(group.attrs["a"]), "b": text(group.attrs["b"])}
            row.update({name: float(value) for name, value in group["kappa"].attrs.items()})
            row["shared_and"] = [coalition_words(m, players) for m in group["shared_and"][()]]
            row["shared_or"] = [coalition_words(m, players) for m in group["shared_or"][()]]
            pairs.append(row)
        info = {"kind": "session", "schema_version": int(meta["schema_version"]), "prompt": text(meta["prompt"]),
                "players": players}
    return info, {"models": table(models), "interactions": table(interactions), "pairs": table(pairs)}


def read_study(path):
    with h5py.File(path, "r") as f:
        meta = f["study"].attrs
        prompts, values, kappa = [], [], []
        for group in f["prompts"].values():
            index = int(group.attrs["index"])
            prompts.append({"index": index, "id": text(group.attrs["id"]), "status": text(group.attrs["status"]),
                            "filter": text(group.attrs["filter"]), "target": text(group.attrs["target"]),
                            "players": texts(group.attrs["player_words"])})
            for model in group["models"].values():
                values.append({"index": index, "model": text(model.attrs["id"]),
                               "p_target": float(model.attrs["p_target"]),
                               "target_rank": int(model.attrs["target_rank"]), "u": float(model.attrs["u"])})
            for pair in group["pairs"].values():
                kappa.append({"index": index, "a": text(pair.attrs["a"]), "b": text(pair.attrs["b"]),
                              "kappa": float(pair["kappa"].attrs.get("kappa", math.nan))})
        matrix = []
        if "kappa" in f["aggregate"]:
            node = f["aggregate/kappa"]
            ids = texts(node.attrs["models"])
            square = node["kappa"][()].reshape(len(ids), len(ids))  # row i, column j
            matrix = [{"a": ids[i], "b": ids[j], "kappa": float(square[i, j])}
                      for i in range(len(ids)) for j in range(len(ids)) if i != j]
        info = {"kind": "study", "schema_version": int(meta["schema_version"]),
                "prompt_count": int(meta["prompt_count"])}
    return info, {"prompts": table(prompts), "values": table(values), "kappa": table(kappa),
                  "kappa_matrix": table(matrix)}


def read(path):
    """(info, tables) of a session or study file; ValueError for any other file."""
    with h5py.File(path, "r") as f:
        kind = file_kind(f)
    if kind == "session":
        return read_session(path)
    if kind == "study":
        return read_study(path)
    raise ValueError(f"{path}: not an Interlens session or study file")


def rows(tab):
    return tab.to_dict("records") if pd is not None and isinstance(tab, pd.DataFrame) else tab


def finite(value):
    """JSON has no NaN: non-finite numbers become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(argv) >= 2 else 2
    try:
        info, tables = read(argv[1])
    except (OSError, ValueError, KeyError) as error:
        print(f"read_session.py: {argv[1]}: {error}", file=sys.stderr)
        return 2
    if "--json" in argv[2:]:
        out = dict(info)
        out.update({name: [{k: finite(v) for k, v in row.items()} for row in rows(tab)] for name, tab in tables.items()})
        json.dump(out, sys.stdout)
        print()
        return 0
    print(f"{argv[1]}: {info['kind']}, schema {info['schema_version']}")
    for name, tab in tables.items():
        print(f"\n{name}:")
        if pd is not None:
            print(tab.head(10).to_string())
        else:
            for row in tab[:10]:
                print("  ", row)
        if len(tab) > 10:
            print(f"   ... {len(tab)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
