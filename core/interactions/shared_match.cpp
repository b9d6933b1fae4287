#include "interactions/shared_match.h"

#include "common/error.h"

#include <algorithm>
#include <string>

namespace interlens {

namespace {

bool before(const SalientEntry& a, const SalientEntry& b)
{
    return a.type != b.type ? a.type < b.type : a.mask < b.mask;
}

bool before(const SharedEntry& a, const SalientEntry& b)
{
    return a.type != b.type ? a.type < b.type : a.mask < b.mask;
}

void checkSorted(const SalientSet& set, std::size_t index)
{
    for (std::size_t i = 1; i < set.size(); ++i)
        if (!before(set[i - 1], set[i]))
            throw InputError("shared interactions: salient set " + std::to_string(index) +
                             " is not sorted by (type, mask) or has a duplicate at entry " +
                             std::to_string(i));
}

// The sets by pointer, so the two-model overload need not copy them.
SharedResult sharedOfSets(const std::vector<const SalientSet*>& salient, bool requireSameSign)
{
    SharedResult result;
    if (salient.empty())
        return result;
    for (std::size_t i = 0; i < salient.size(); ++i)
        checkSorted(*salient[i], i);

    // Walk the first set and look each entry up in the others (all sorted, so one cursor per set).
    std::vector<std::size_t> cursor(salient.size(), 0);
    for (const SalientEntry& e : *salient[0]) {
        SharedEntry s{e.type, e.mask, {e.value}, true};
        bool inAll = true;
        for (std::size_t j = 1; j < salient.size() && inAll; ++j) {
            const SalientSet& other = *salient[j];
            std::size_t& c = cursor[j];
            while (c < other.size() && before(other[c], e))
                ++c;
            inAll = c < other.size() && other[c].type == e.type && other[c].mask == e.mask;
            if (inAll)
                s.values.push_back(other[c].value);
        }
        if (!inAll)
            continue;
        ++result.sameCoalitionCount;
        const bool positive = s.values.front() > 0.0;
        s.signsAgree =
            std::all_of(s.values.begin(), s.values.end(), [&](double x) { return (x > 0.0) == positive; });
        if (!s.signsAgree)
            ++result.signDisagreements;
        if (s.signsAgree || !requireSameSign)
            result.shared.push_back(std::move(s));
    }
    return result;
}

} // namespace

SharedResult sharedOf(std::span<const SalientSet> salient, bool requireSameSign)
{
    std::vector<const SalientSet*> sets;
    for (const SalientSet& s : salient)
        sets.push_back(&s);
    return sharedOfSets(sets, requireSameSign);
}

SharedResult sharedOf(const SalientSet& a, const SalientSet& b, bool requireSameSign)
{
    return sharedOfSets({&a, &b}, requireSameSign);
}

SalientSet sharedValuesOf(const std::vector<SharedEntry>& shared, std::size_t modelIndex)
{
    SalientSet out;
    out.reserve(shared.size());
    for (const SharedEntry& s : shared) {
        if (modelIndex >= s.values.size())
            throw InputError("shared interactions: model index " + std::to_string(modelIndex) + " but only " +
                             std::to_string(s.values.size()) + " models");
        out.push_back({s.type, s.mask, s.values[modelIndex]});
    }
    return out;
}

SalientSet nonSharedOf(const SalientSet& salient, const std::vector<SharedEntry>& shared)
{
    SalientSet out;
    std::size_t c = 0;
    for (const SalientEntry& e : salient) {
        while (c < shared.size() && before(shared[c], e))
            ++c;
        const bool isShared = c < shared.size() && shared[c].type == e.type && shared[c].mask == e.mask;
        if (!isShared)
            out.push_back(e);
    }
    return out;
}

PairSharing sharePair(std::span<const ModelPrompt> a, std::span<const ModelPrompt> b,
                      const SharedOptions& options)
{
    if (a.size() != b.size())
        throw InputError("shared interactions: model A has " + std::to_string(a.size()) +
                         " prompts, model B has " + std::to_string(b.size()));
    const int na = checkedPlayerCount(a, "model A");
    const int nb = checkedPlayerCount(b, "model B");
    if (na != nb)
        throw InputError("shared interactions: model A has n = " + std::to_string(na) +
                         " players, model B has n = " + std::to_string(nb));
    PairSharing out;
    out.scaleA = salientScale(a, options.salient);
    out.scaleB = salientScale(b, options.salient);
    out.salientA.reserve(a.size());
    out.salientB.reserve(a.size());
    out.shared.reserve(a.size());
    for (std::size_t x = 0; x < a.size(); ++x) {
        out.salientA.push_back(selectSalient(a[x], options.salient, out.scaleA));
        out.salientB.push_back(selectSalient(b[x], options.salient, out.scaleB));
        out.shared.push_back(sharedOf(out.salientA.back(), out.salientB.back(), options.requireSameSign));
    }
    return out;
}

} // namespace interlens
