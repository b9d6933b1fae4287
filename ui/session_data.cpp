#include "session_data.h"

#include "store/session_summary.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace interlens::ui {

namespace {

bool consistent(const ModelResult& m, int n)
{
    const size_t size = size_t{1} << n;
    return !m.failed() && m.iAnd.size() == size && m.iOr.size() == size &&
           (m.v.empty() || m.v.size() == size);
}

// The joint extraction's AND or OR vector of model a (role 0) or b (role 1), when it has the game's size.
const std::vector<double>* jointVector(const PairResult& pair, int role, bool andPart, size_t size)
{
    const std::vector<double>& v =
        role == 0 ? (andPart ? pair.iAndA : pair.iOrA) : (andPart ? pair.iAndB : pair.iOrB);
    return v.size() == size ? &v : nullptr;
}

} // namespace

SalientOptions guiSalientOptions()
{
    SalientOptions options;
    options.includeEmpty = false;
    return options;
}

int SessionData::find(InteractionType type, std::uint32_t mask) const
{
    for (size_t i = 0; i < coalitions.size(); ++i)
        if (coalitions[i].type == type && coalitions[i].mask == mask)
            return static_cast<int>(i);
    return -1;
}

std::string SessionData::words(std::uint32_t mask) const
{
    std::string out;
    for (const std::string& w : playerWords(mask, session->meta.players)) {
        if (!out.empty())
            out += ' ';
        out += w;
    }
    return out;
}

std::string SessionData::extractionName() const
{
    if (!session)
        return {};
    const auto& settings = session->meta.solverSettings;
    const bool joint = extraction != kSingleModel;
    const auto mode = settings.find(joint ? "joint_mode" : "single_mode");
    const std::string modeText = mode != settings.end() && !mode->second.empty() ? ", " + mode->second : "";
    if (!joint)
        return "single-model extraction" + modeText;
    const PairResult& pair = session->pairs.at(static_cast<size_t>(extraction));
    return "joint extraction " + pair.a + " × " + pair.b + modeText;
}

namespace {

int modelIndex(const Session& s, const std::string& id)
{
    for (size_t i = 0; i < s.models.size(); ++i)
        if (s.models[i].id == id)
            return static_cast<int>(i);
    return -1;
}

} // namespace

bool hasJointExtraction(const Session& session, int pair)
{
    if (pair < 0 || pair >= static_cast<int>(session.pairs.size()))
        return false;
    const int n = static_cast<int>(session.meta.players.size());
    if (n > 24)
        return false;
    const size_t size = size_t{1} << n;
    const PairResult& p = session.pairs[static_cast<size_t>(pair)];
    for (const int role : {0, 1}) {
        const int m = modelIndex(session, role == 0 ? p.a : p.b);
        if (m < 0 || !consistent(session.models[static_cast<size_t>(m)], n) ||
            !jointVector(p, role, true, size) || !jointVector(p, role, false, size))
            return false;
    }
    return p.a != p.b;
}

int defaultExtraction(const Session& session)
{
    for (int i = 0; i < static_cast<int>(session.pairs.size()); ++i)
        if (hasJointExtraction(session, i))
            return i;
    return kSingleModel;
}

SessionData buildSessionData(std::shared_ptr<const Session> session, int extraction)
{
    SessionData data;
    data.session = std::move(session);
    if (!data.session)
        return data;
    const Session& s = *data.session;
    data.playerCount = static_cast<int>(s.meta.players.size());
    const int n = data.playerCount;
    const size_t size = n <= 24 ? size_t{1} << n : 0;
    if (hasJointExtraction(s, extraction)) {
        data.extraction = extraction;
        const PairResult& pair = s.pairs[static_cast<size_t>(extraction)];
        for (const int role : {0, 1}) {
            data.shown.push_back(modelIndex(s, role == 0 ? pair.a : pair.b));
            data.iAnd.push_back(jointVector(pair, role, true, size));
            data.iOr.push_back(jointVector(pair, role, false, size));
        }
    } else {
        for (size_t i = 0; i < s.models.size(); ++i)
            if (n <= 24 && consistent(s.models[i], n)) {
                data.shown.push_back(static_cast<int>(i));
                data.iAnd.push_back(&s.models[i].iAnd);
                data.iOr.push_back(&s.models[i].iOr);
            }
    }
    const int shownCount = data.shownCount();

    // (type, mask) -> row being built
    std::map<std::pair<int, std::uint32_t>, Coalition> rows;
    const auto rowFor = [&](InteractionType type, std::uint32_t mask) -> Coalition& {
        Coalition& c = rows[{static_cast<int>(type), mask}];
        if (c.values.empty()) {
            c.type = type;
            c.mask = mask;
            c.order = orderOf(mask);
            c.values.assign(shownCount, 0.0);
            c.salient.assign(shownCount, false);
            c.shared.assign(shownCount, false);
        }
        return c;
    };

    for (int k = 0; k < shownCount; ++k) {
        const ModelPrompt prompt{*data.iAnd[k], *data.iOr[k], data.model(k).v};
        SalientOptions options = guiSalientOptions();
        if (prompt.v.empty()) {
            options.rule = SalientRule::RelativeToMax;
            options.coefficient = 0.05;
            options.maxScope = MaxScope::PerPrompt;
        }
        const std::vector<ModelPrompt> one{prompt};
        const double scale = salientScale(one, options);
        data.salientScale.push_back(scale);
        for (const SalientEntry& e : selectSalient(prompt, options, scale))
            rowFor(e.type, e.mask).salient[k] = true;
    }

    // Shared marks only come with a joint extraction: the pair's shared lists from that same run.
    if (data.extraction != kSingleModel) {
        const PairResult& pair = s.pairs[static_cast<size_t>(data.extraction)];
        for (int t = 0; t < 2; ++t) {
            const auto type = t == 0 ? InteractionType::And : InteractionType::Or;
            for (std::uint64_t mask : t == 0 ? pair.sharedAnd : pair.sharedOr) {
                if (mask == 0 || mask >= (std::uint64_t{1} << n))
                    continue;
                Coalition& c = rowFor(type, static_cast<std::uint32_t>(mask));
                c.shared[0] = true;
                c.shared[1] = true;
            }
        }
    }

    for (auto& [key, c] : rows) {
        for (int k = 0; k < shownCount; ++k) {
            c.values[k] = (c.type == InteractionType::And ? *data.iAnd[k] : *data.iOr[k])[c.mask];
            if (std::isfinite(c.values[k]))
                c.maxAbs = std::max(c.maxAbs, std::abs(c.values[k]));
        }
        c.sharedCount = static_cast<int>(std::count(c.shared.begin(), c.shared.end(), true));
        data.coalitions.push_back(std::move(c));
    }
    std::stable_sort(data.coalitions.begin(), data.coalitions.end(),
                     [](const Coalition& x, const Coalition& y) { return x.maxAbs > y.maxAbs; });
    return data;
}

std::vector<RankedEntry> rankedInteractions(const SessionData& data, int shownIndex)
{
    const std::vector<double>& iAnd = *data.iAnd.at(static_cast<size_t>(shownIndex));
    const std::vector<double>& iOr = *data.iOr.at(static_cast<size_t>(shownIndex));
    std::vector<RankedEntry> out;
    out.reserve(iAnd.size() + iOr.size());
    for (size_t m = 1; m < iAnd.size(); ++m)
        out.push_back({InteractionType::And, static_cast<std::uint32_t>(m), iAnd[m]});
    for (size_t m = 1; m < iOr.size(); ++m)
        out.push_back({InteractionType::Or, static_cast<std::uint32_t>(m), iOr[m]});
    std::stable_sort(out.begin(), out.end(), [](const RankedEntry& a, const RankedEntry& b) {
        return std::abs(a.value) > std::abs(b.value);
    });
    return out;
}

} // namespace interlens::ui
