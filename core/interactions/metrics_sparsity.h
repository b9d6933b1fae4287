#pragma once

#include "interactions/shared_types.h"

#include <span>
#include <vector>

namespace interlens {

// Sparsity curves, method.md §6.7 (appendix; GEN utils/sparsify.py).
struct SparsityCurve
{
    // |I| of AND and OR, all masks, all prompts, sorted in descending order (plot with a log y-axis).
    std::vector<double> pooledSorted;
    double max = 0.0;
    double threshold = 0.0;     // ratio · max
    std::size_t countAbove = 0; // entries > threshold (GEN's "> 1/20 * max I")
    // Per-prompt variant: each prompt's sorted |I| (2·2^n ranks) min-max normalised to [0, 1] (all 0 when
    // constant), then mean and population std over prompts per rank.
    std::vector<double> rankMean;
    std::vector<double> rankStd;
};

SparsityCurve sparsityCurveOf(std::span<const ModelPrompt> prompts, double ratio = 0.05);

// Top-K transfer, method.md §6.9 (GEN utils/transfer.py): for each fraction t, K = int(2^n·t) and
// the overlap |topK_A ∩ topK_B| / K of each type, averaged over prompts. Top-K by |I| over all 2^n
// masks; ties go to the lower mask.
struct TransferPoint
{
    double fraction = 0.0;
    std::size_t k = 0;
    double andOverlap = 0.0;
    double orOverlap = 0.0;
};

// t = 0.05, 0.10, ..., 0.45 (K = 51 ... 460 at n = 10).
std::vector<double> defaultTransferFractions();

std::vector<TransferPoint> topKTransfer(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                                        std::span<const double> fractions);

} // namespace interlens
