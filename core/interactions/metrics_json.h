#pragma once

#include "interactions/metrics_faithfulness.h"
#include "interactions/metrics_kappa.h"
#include "interactions/metrics_order.h"
#include "interactions/metrics_sparsity.h"
#include "interactions/shared_match.h"
#include "interactions/shared_salient.h"

#include <nlohmann/json.hpp>

namespace interlens {

// JSON forms of the salient/shared sets and the metrics, for `interlens decompose` / `explain` output and the
// session file. Keys are snake_case; masks stay bitmasks (player j <-> bit j) with the player list beside
// them; non-finite numbers (an infinite ρ) become null.

// {"rule", "coefficient", "max_scope", "inclusive", "top_fraction", "top_k", "include_empty"}
nlohmann::json toJson(const SalientOptions& options);
// {"salient": {...}, "require_same_sign"}
nlohmann::json toJson(const SharedOptions& options);
// Reads the same keys (all optional; defaults of SalientOptions / SharedOptions); InputError on bad values.
SalientOptions salientOptionsFromJson(const nlohmann::json& j);
SharedOptions sharedOptionsFromJson(const nlohmann::json& j);

// [{"type": "and", "mask": 3, "players": [0, 1], "value": 1.5}, ...]
nlohmann::json toJson(const SalientSet& set);
// {"shared": [{"type", "mask", "players", "values": [one per model], "signs_agree"}], "same_coalition_count",
//  "sign_disagreements"}
nlohmann::json toJson(const SharedResult& shared);
// {"kappa", "a_from_b": {primary, signed_utility, salient_denominator, per_prompt_mean}, "b_from_a": {...},
//  "signed_utility", "salient_denominator", "per_prompt_mean", "overlap", "signed_utility_available",
//  "prompts", "shared_count", "sign_disagreements", "sign_disagreement_rate"}
nlohmann::json toJson(const KappaResult& kappa);
nlohmann::json toJson(const OrderStats& stats);         // {"pos": [n+1], "neg": [n+1]}
nlohmann::json toJson(const OrderBreakdown& breakdown); // {"all", "shared", "non_shared"}
nlohmann::json
toJson(const Cancellation& cancellation); // {"ratio_by_order", "pooled_ratio", "balance_by_order", ...}
nlohmann::json toJson(const CountStrength& cs);
nlohmann::json toJson(const SharedCountStrength& cs); // {"shared", "non_shared"}
nlohmann::json toJson(const Faithfulness& f);
// Without the curves (counts only) unless `withCurves`.
nlohmann::json toJson(const SparsityCurve& curve, bool withCurves);
nlohmann::json toJson(const std::vector<TransferPoint>& transfer);

} // namespace interlens
