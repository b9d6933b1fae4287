#include "interactions/sparsify_seed_cache.h"

#include "interactions/pdhg_solver.h"

#include <future>
#include <list>
#include <mutex>

namespace interlens {

namespace sparsify_detail {

namespace {

// A study's joint pass works on a few prompts at a time (one per thread), 4–5 models each.
constexpr std::size_t kCapacity = 32;

struct Entry
{
    SingleSeedKey key;
    std::shared_future<SingleSeed> seed;
};

std::mutex g_mutex;
std::list<Entry> g_entries; // most recently used first

} // namespace

SingleSeed cachedSingleSeed(const SingleSeedKey& key, const std::function<SingleSeed()>& compute)
{
    std::promise<SingleSeed> promise;
    {
        std::unique_lock lock(g_mutex);
        for (auto it = g_entries.begin(); it != g_entries.end(); ++it)
            if (it->key == key) {
                g_entries.splice(g_entries.begin(), g_entries, it);
                const std::shared_future<SingleSeed> seed = it->seed;
                lock.unlock();
                try {
                    return seed.get();
                } catch (...) {
                    return compute(); // the computing caller failed (cancelled): do it here
                }
            }
        g_entries.push_front({key, promise.get_future().share()});
        if (g_entries.size() > kCapacity)
            g_entries.pop_back();
    }
    try {
        SingleSeed seed = compute();
        promise.set_value(seed);
        return seed;
    } catch (...) {
        promise.set_exception(std::current_exception());
        std::lock_guard lock(g_mutex);
        g_entries.remove_if([&](const Entry& e) { return e.key == key; });
        throw;
    }
}

} // namespace sparsify_detail

void clearSingleSeedCache()
{
    std::lock_guard lock(sparsify_detail::g_mutex);
    sparsify_detail::g_entries.clear();
}

} // namespace interlens
