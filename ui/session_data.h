#pragma once

// What every view shows, derived once from a Session: the models that succeeded, each model's salient
// interactions, and the coalitions (type + mask) that at least one model finds salient or that a pair shares.
// Pure C++ (no widgets), so the item models and views only read it.

#include "interactions/shared_salient.h"
#include "store/session.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace interlens::ui {

struct Coalition
{
    InteractionType type = InteractionType::And;
    std::uint32_t mask = 0;
    int order = 0;
    std::vector<double> values;   // per shown model (SessionData::shown), that model's single-model I
    std::vector<bool> salient;    // per shown model
    std::vector<bool> shared;     // per shown model: listed as shared in one of that model's pairs
    int sharedCount = 0;          // models that share it (0 or >= 2)
    double maxAbs = 0.0;          // max over shown models of |value|
};

struct SessionData
{
    std::shared_ptr<const Session> session;
    std::vector<int> shown;              // indices into session->models of the models that succeeded
    std::vector<double> salientScale;    // per shown model: the salient rule's scale (mean |u| or max |I|)
    std::vector<Coalition> coalitions;   // sorted by maxAbs, largest first
    int playerCount = 0;

    const ModelResult& model(int shownIndex) const { return session->models.at(shown.at(shownIndex)); }
    int shownCount() const { return static_cast<int>(shown.size()); }
    // Row of (type, mask) in `coalitions`, -1 when absent.
    int find(InteractionType type, std::uint32_t mask) const;
    // The words of a coalition joined by " ".
    std::string words(std::uint32_t mask) const;
};

// The GUI's salient rule: the lab's default (|I| > 0.03·|u|, u = v(N) - v(∅)), the empty coalition left out;
// |I| > 0.05·max|I| for a model without v.
SalientOptions guiSalientOptions();

// Builds the view data. Never throws for a well-formed session; models with inconsistent vector sizes are
// left out as if they had failed.
SessionData buildSessionData(std::shared_ptr<const Session> session);

// Entries of `values` (2^n, AND or OR) as a sparse set for the order/sparsity plots.
struct RankedEntry
{
    InteractionType type;
    std::uint32_t mask;
    double value;
};

// All non-empty coalitions of both types of one model, by |I| descending (ties: AND first, lower mask).
std::vector<RankedEntry> rankedInteractions(const ModelResult& model);

} // namespace interlens::ui
