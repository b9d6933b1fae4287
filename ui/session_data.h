#pragma once

// What every view shows, derived once from a Session and one extraction (method.md §4): either a pair's joint
// extraction (the two models' values, salient and shared marks all from that one joint run) or every model's
// single-model extraction (values and salient marks; no shared marks, since sharing exists only in a joint
// run). Pure C++ (no widgets), so the item models and views only read it.

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
    std::vector<double> values; // per shown model (SessionData::shown), I of the extraction shown
    std::vector<bool> salient;  // per shown model
    std::vector<bool> shared; // per shown model: shared in the joint extraction shown (never in single-model)
    int sharedCount = 0;      // models that share it (0 or >= 2)
    double maxAbs = 0.0;      // max over shown models of |value|
};

// Which extraction the views show: kSingleModel or the index of a pair in Session::pairs.
inline constexpr int kSingleModel = -1;

struct SessionData
{
    std::shared_ptr<const Session> session;
    int extraction = kSingleModel; // the pair whose joint extraction is shown, or kSingleModel
    std::vector<int> shown;        // indices into session->models of the models shown (the pair's two, or
                                   // every model that succeeded)
    std::vector<const std::vector<double>*> iAnd, iOr; // per shown model, the extraction's vectors (2^n)
    std::vector<double> salientScale;  // per shown model: the salient rule's scale (mean |u| or max |I|)
    std::vector<Coalition> coalitions; // sorted by maxAbs, largest first
    int playerCount = 0;

    const ModelResult& model(int shownIndex) const { return session->models.at(shown.at(shownIndex)); }
    int shownCount() const { return static_cast<int>(shown.size()); }
    // Row of (type, mask) in `coalitions`, -1 when absent.
    int find(InteractionType type, std::uint32_t mask) const;
    // The words of a coalition joined by " ".
    std::string words(std::uint32_t mask) const;
    // "joint extraction a × b" or "single-model extraction", with the solver mode when the session names it.
    std::string extractionName() const;
};

// True when pair `pair` of `session` has its joint-extraction vectors (I_and_<id>, I_or_<id>, 2^n each) and
// both of its models succeeded.
bool hasJointExtraction(const Session& session, int pair);
// The extraction shown when a session opens: the first pair with a joint extraction, else single-model.
int defaultExtraction(const Session& session);

// The GUI's salient rule: the lab's default (|I| > 0.03·|u|, u = v(N) - v(∅)), the empty coalition left out;
// |I| > 0.05·max|I| for a model without v.
SalientOptions guiSalientOptions();

// Builds the view data. Never throws for a well-formed session; models with inconsistent vector sizes are
// left out as if they had failed. `extraction` without a joint extraction falls back to single-model.
SessionData buildSessionData(std::shared_ptr<const Session> session, int extraction = kSingleModel);

// Entries of `values` (2^n, AND or OR) as a sparse set for the order/sparsity plots.
struct RankedEntry
{
    InteractionType type;
    std::uint32_t mask;
    double value;
};

// All non-empty coalitions of both types of shown model `shownIndex` in the extraction shown, by |I|
// descending (ties: AND first, lower mask).
std::vector<RankedEntry> rankedInteractions(const SessionData& data, int shownIndex);

} // namespace interlens::ui
