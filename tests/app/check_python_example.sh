#!/usr/bin/env bash
# examples/read_session.py on real files (issue 20): a session and a study made now by the CLI (schema 2) and the
# committed schema-1 files; its tables must agree with the numbers the CLI printed.
#   check_python_example.sh INTERLENS PYTHON SOURCE_DIR WORK_DIR
set -euo pipefail
interlens=$1
python=$2
source=$3
work=$4
rm -rf "$work"
mkdir -p "$work"
export OMP_WAIT_POLICY=PASSIVE HOME="$work/home"
example="$source/examples/read_session.py"

"$interlens" explain --prompt "And God said, Let there be light: and there was" --players auto:4 --no-cache \
    --quiet --json --out "$work/session.h5" > "$work/explain.json"
"$interlens" study --prompts "$source/tests/data/schema1/study_kjv_prompts.jsonl" --players 3 --score-all \
    --no-top1-filter --min-u 0 --quiet --json --out "$work/study.h5" > "$work/study.json" 2>/dev/null

"$python" "$example" "$work/session.h5" > /dev/null   # the human-readable tables
for f in "$work/session.h5" "$source/tests/data/schema1/session_kjv.h5" "$source/tests/data/schema1/session_unicode.h5" \
         "$work/study.h5" "$source/tests/data/schema1/study_kjv.h5"; do
    "$python" "$example" "$f" --json > "$work/$(basename "$f").tables.json" \
        || { echo "read_session.py failed on $f" >&2; exit 1; }
done

"$python" - "$work" "$source/tests/data/schema1" <<'PY'
import json, math, sys
work, schema1 = sys.argv[1], sys.argv[2]

def load(path):
    with open(path) as f:
        return json.load(f)

def same(x, y):
    return (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y, rel_tol=0, abs_tol=0))

def check_session(tables_path, cli_path, schema):
    tables, cli = load(tables_path), load(cli_path)
    assert tables["kind"] == "session" and tables["schema_version"] == schema, (tables_path, tables["schema_version"])
    assert tables["prompt"] == cli["prompt"]
    assert tables["players"] == [p["word"] for p in cli["players"]]
    for model in cli["models"]:
        rows = [r for r in tables["interactions"] if r["model"] == model["id"] and r["type"] == "AND"]
        assert [r["value"] for r in rows] == model["I_and"], model["id"]
        assert all(r["words"] == [w for i, w in enumerate(tables["players"]) if r["mask"] >> i & 1] for r in rows)
    assert len(tables["pairs"]) == len(cli["pairs"])
    for row, pair in zip(tables["pairs"], cli["pairs"]):
        assert (row["a"], row["b"]) == (pair["a"], pair["b"])
        assert same(row["kappa"], pair["kappa"]["kappa"]), (row["kappa"], pair["kappa"])
        assert len(row["shared_and"]) == len(pair["shared_and"])

def check_study(tables_path, cli_path, schema):
    tables, cli = load(tables_path), load(cli_path)
    assert tables["kind"] == "study" and tables["schema_version"] == schema
    assert len(tables["prompts"]) == cli["records"]
    ids = cli["kappa"]["models"]
    for row in tables["kappa_matrix"]:
        i, j = ids.index(row["a"]), ids.index(row["b"])
        assert same(row["kappa"], cli["kappa"]["kappa"][i * len(ids) + j]), row

check_session(f"{work}/session.h5.tables.json", f"{work}/explain.json", 2)
check_session(f"{work}/session_kjv.h5.tables.json", f"{schema1}/session_kjv.json", 1)
check_session(f"{work}/session_unicode.h5.tables.json", f"{schema1}/session_unicode.json", 1)
check_study(f"{work}/study.h5.tables.json", f"{work}/study.json", 2)
check_study(f"{work}/study_kjv.h5.tables.json", f"{schema1}/study_kjv.json", 1)
print("read_session.py: sessions and studies of schema 1 and 2 match the CLI's numbers")
PY
