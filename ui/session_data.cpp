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
    return !m.failed() && m.iAnd.size() == size && m.iOr.size() == size && (m.v.empty() || m.v.size() == size);
}

ModelPrompt promptOf(const ModelResult& m)
{
    return {m.iAnd, m.iOr, m.v};
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

SessionData buildSessionData(std::shared_ptr<const Session> session)
{
    SessionData data;
    data.session = std::move(session);
    if (!data.session)
        return data;
    const Session& s = *data.session;
    data.playerCount = static_cast<int>(s.meta.players.size());
    const int n = data.playerCount;
    for (size_t i = 0; i < s.models.size(); ++i)
        if (n <= 24 && consistent(s.models[i], n))
            data.shown.push_back(static_cast<int>(i));
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
        const ModelPrompt prompt = promptOf(data.model(k));
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

    // Pairs name models by id; map ids to shown indices.
    const auto shownIndexOf = [&](const std::string& id) {
        for (int k = 0; k < shownCount; ++k)
            if (data.model(k).id == id)
                return k;
        return -1;
    };
    for (const PairResult& pair : s.pairs) {
        const int a = shownIndexOf(pair.a);
        const int b = shownIndexOf(pair.b);
        if (a < 0 || b < 0)
            continue;
        for (int t = 0; t < 2; ++t) {
            const auto type = t == 0 ? InteractionType::And : InteractionType::Or;
            for (std::uint64_t mask : t == 0 ? pair.sharedAnd : pair.sharedOr) {
                if (mask == 0 || mask >= (std::uint64_t{1} << n))
                    continue;
                Coalition& c = rowFor(type, static_cast<std::uint32_t>(mask));
                c.shared[a] = true;
                c.shared[b] = true;
            }
        }
    }

    for (auto& [key, c] : rows) {
        for (int k = 0; k < shownCount; ++k) {
            const ModelResult& m = data.model(k);
            c.values[k] = (c.type == InteractionType::And ? m.iAnd : m.iOr)[c.mask];
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

std::vector<RankedEntry> rankedInteractions(const ModelResult& model)
{
    std::vector<RankedEntry> out;
    out.reserve(model.iAnd.size() + model.iOr.size());
    for (size_t m = 1; m < model.iAnd.size(); ++m)
        out.push_back({InteractionType::And, static_cast<std::uint32_t>(m), model.iAnd[m]});
    for (size_t m = 1; m < model.iOr.size(); ++m)
        out.push_back({InteractionType::Or, static_cast<std::uint32_t>(m), model.iOr[m]});
    std::stable_sort(out.begin(), out.end(), [](const RankedEntry& a, const RankedEntry& b) {
        return std::abs(a.value) > std::abs(b.value);
    });
    return out;
}

} // namespace interlens::ui
