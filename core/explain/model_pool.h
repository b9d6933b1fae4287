#pragma once

// Loaded models shared by everything in one process that needs them (the GUI's explain and prediction
// workers): each model folder is loaded once, kept while it is among the `capacity` most recently used, and
// handed out as LoadedModel, whose shared pointers keep a model that is in use alive after the pool has
// dropped it. Thread-safe: two threads asking for the same folder at once share one load.
//
// A model is keyed by its folder, its identity (explain/request_key.h: weights fingerprint, config and
// tokenizer hashes; so a model retrained into the same folder is loaded again) and the device and dtype.

#include "explain/explain_run.h"

#include <cstddef>
#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace interlens {

class ModelPool
{
public:
    // At most `capacity` models kept (at least 1). Eight covers the GUI's usual model list, so a re-run on
    // the same models loads nothing.
    explicit ModelPool(std::size_t capacity = 8);

    // The model and tokenizer of `dir` on `device`: from the pool, or loaded now (the caller's thread) and
    // kept. A folder that fails to load comes back with its error (LoadedModel::error) and is not kept, so
    // the next request tries again. Never throws for a bad folder.
    LoadedModel get(const std::string& dir, const ComputeDevice& device);

    // get() for each folder in order, as loadModels (explain_run.h) does: a Loading event per model,
    // cancellation checked between them.
    std::vector<LoadedModel> getAll(const std::vector<std::string>& dirs, const ComputeDevice& device,
                                    const RunControl& control = {});

    std::size_t size() const;
    std::size_t capacity() const { return m_capacity; }

    // The pool of this process (the GUI's workers share it).
    static std::shared_ptr<ModelPool> shared();

private:
    struct Entry
    {
        std::string key;
        std::uint64_t serial; // tells a reloaded entry from the one a failed load must remove
        std::shared_future<LoadedModel> model;
    };
    void forget(const std::string& key, std::uint64_t serial);

    const std::size_t m_capacity;
    mutable std::mutex m_mutex;
    std::list<Entry> m_entries; // most recently used first
    std::uint64_t m_nextSerial = 0;
};

} // namespace interlens
