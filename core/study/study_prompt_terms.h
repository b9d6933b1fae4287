#pragma once

// Per-prompt pieces of a pair's statistics, stored in the study file's aggregate so that `interlens findings`
// (and the Study tab) can resample prompts without the per-prompt vectors: the sums whose ratios are κ and
// its variants (method.md §6.6), and per prompt the mean order and the cancellation ratio of the shared and
// the non-shared salient interactions of each model (§6.3, §6.4; finding 3 compares them within a
// prediction).

#include "interactions/shared_match.h"
#include "study/study_types.h"

#include <span>

namespace interlens {

// One pair over its kept prompts (a[x], b[x] the two models on prompt x, `sharing` from sharePair()). The
// result has one vector per term, one entry per prompt (AggNode "per_prompt" of the pair):
//   num_a, den_a           Σ_shared |I_A| and Σ_{t,S≠∅} |I_A|      κ_{A←B} = Σ_x num_a / Σ_x den_a
//   salient_den_a          Σ_{salient in A, S≠∅} |I_A|             variant (b)
//   signed_num_a, u_a      Σ_shared I_A and u_A                     variant (a)
//   overlap_min, overlap_max                                        variant (d)
//   (and the same with _b)
//   order_shared_a, order_non_shared_a    mean |S| of A's shared / non-shared salient interactions (NaN:
//   none) cancel_shared_a, cancel_non_shared_a  1 - |Σ I| / Σ |I| over that set on this prompt (NaN: none)
AggNode promptTerms(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                    const PairSharing& sharing);

// Mean over prompts of the per-prompt cancellation ratio of `set` ("shared", "non_shared") for `role` ("a",
// "b"), skipping prompts where the set is empty (0 when it is empty everywhere).
double meanPromptCancellation(const AggNode& terms, const std::string& set, const std::string& role);

} // namespace interlens
