#pragma once

#include "interactions/shared_salient.h"
#include "interactions/shared_types.h"

#include <span>
#include <vector>

namespace interlens {

// Shared and non-shared interactions, method.md §5.
//
// (t, S) is shared by a group of models on a prompt iff it is salient in every one of them with the same type
// and the same coalition (GEN). The signs need not agree unless `requireSameSign` is set (§9.4; off by
// default, as in GEN). "Agree" uses the lab's pos/neg split: I > 0 versus I <= 0.

struct SharedOptions
{
    SalientOptions salient;
    bool requireSameSign = false;
};

// One shared interaction: its type and coalition and each model's own value (in the order the sets
// were given).
struct SharedEntry
{
    InteractionType type = InteractionType::And;
    std::uint32_t mask = 0;
    std::vector<double> values;
    bool signsAgree = true;
};

struct SharedResult
{
    std::vector<SharedEntry> shared;    // sorted by (type, mask)
    std::size_t sameCoalitionCount = 0; // salient in all with the same (t, S), before any sign filter
    std::size_t signDisagreements = 0;  // of those, how many differ in sign (reported whatever the option)
};

// Shared interactions of M >= 1 models' salient sets on one prompt (each sorted by (type, mask), as
// selectSalient returns them).
SharedResult sharedOf(std::span<const SalientSet> salient, bool requireSameSign);

// Convenience for two models.
SharedResult sharedOf(const SalientSet& a, const SalientSet& b, bool requireSameSign);

// The shared entries seen from model `modelIndex`: (type, mask, that model's value).
SalientSet sharedValuesOf(const std::vector<SharedEntry>& shared, std::size_t modelIndex);

// Non-shared = salient in that model but not shared (§5): `salient` minus the (type, mask) of `shared`.
SalientSet nonSharedOf(const SalientSet& salient, const std::vector<SharedEntry>& shared);

// Salient and shared sets of two models over a prompt set: each model's rule constant (e.g. mean |u|) is
// taken over its own prompts. a[x] and b[x] are the two models on prompt x.
struct PairSharing
{
    std::vector<SalientSet> salientA, salientB; // per prompt
    std::vector<SharedResult> shared;           // per prompt
    double scaleA = 0.0, scaleB = 0.0;          // salientScale() of each model
};

PairSharing sharePair(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                      const SharedOptions& options);

} // namespace interlens
