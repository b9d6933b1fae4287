#pragma once

// Data the GUI tests build themselves (no fixtures): a synthetic session with plausible numbers and a tiny
// random model folder with a byte-level tokenizer that runExplain and the top-k predictor can load.

#include "store/session.h"

#include <QString>

#include <string>
#include <vector>

namespace interlens::test {

// n players, `models` models (the last one failed when `withFailure`), one pair per two good models with
// shared AND/OR masks and κ. Deterministic. Models are named by `ids`, else "model0", "model1", ...
Session syntheticSession(int n = 4, int models = 3, bool withFailure = true,
                         const std::vector<std::string>& ids = {});

// A random Llama checkpoint (vocabulary 256, 2 layers) with a byte-level BPE tokenizer.json (one token per
// byte, no merges) in `dir`. Returns `dir`.
QString writeTinyModel(const QString& dir, uint64_t seed = 1);

} // namespace interlens::test
