#include "study/study_prompt_pool.h"

#include "common/error.h"
#include "model/cpu_threads.h"
#include "model/model_facts.h"

#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace interlens {

namespace {

// What became of one prompt: its record, or the exception its computation threw.
struct Slot
{
    std::optional<PromptRecord> record;
    std::exception_ptr error;
    bool done = false;
};

} // namespace

void computePromptRecords(const std::vector<StudyPrompt>& prompts, const StudyModels& models,
                          const PromptRunSettings& settings, int workers,
                          const std::function<void(const StudyPrompt&)>& starting,
                          const std::function<void(PromptRecord&&)>& finished)
{
    if (prompts.empty())
        return;
    const bool cpu = models.loaded().empty() || !models.loaded().front().model ||
                     causalLMFacts(*models.loaded().front().model).device.isCpu();
    const std::size_t threads =
        cpu ? std::min<std::size_t>(prompts.size(), static_cast<std::size_t>(std::max(1, workers))) : 1;

    std::vector<Slot> slots(prompts.size());
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t next = 0;
    bool stop = false; // cancelled or failed: hand out no more prompts
    const auto compute = [&](std::size_t k) {
        Slot result;
        try {
            result.record = computePromptRecord(prompts[k], models, settings);
        } catch (...) {
            result.error = std::current_exception();
        }
        const std::lock_guard lock(mutex);
        stop = stop || result.error;
        slots[k] = std::move(result);
        slots[k].done = true;
        changed.notify_all();
    };
    const auto work = [&] {
        for (;;) {
            std::size_t k;
            {
                const std::lock_guard lock(mutex);
                if (stop || next >= prompts.size())
                    return;
                k = next++;
            }
            compute(k);
        }
    };

    std::exception_ptr cancelled;
    const auto deliver = [&](std::size_t k) {
        if (slots[k].error) {
            try {
                std::rethrow_exception(slots[k].error);
            } catch (const CancelledError&) {
                cancelled = slots[k].error; // deliver what the other threads finished first
                return;
            }
        }
        finished(std::move(*slots[k].record));
    };

    // Single-threaded whatever the number of workers: OpenBLAS's results depend (in the last float32 bits) on
    // its thread count, and a study's numbers must not depend on --threads or on the shards.
    std::optional<CpuThreadsScope> singleThreaded;
    if (cpu)
        singleThreaded.emplace(1);

    // A learned baseline is trained (or read from its cache file) by the first prompt that needs it: that
    // prompt runs alone, so that one thread makes it.
    std::size_t first = 0;
    if (settings.run.baseline == "learned") {
        starting(prompts.front());
        next = first = 1;
        compute(0);
        deliver(0);
        if (cancelled)
            std::rethrow_exception(cancelled);
    }

    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back(work);
    const auto joinAll = [&] {
        for (std::thread& t : pool)
            if (t.joinable())
                t.join();
    };
    try {
        for (std::size_t k = first; k < prompts.size(); ++k) {
            starting(prompts[k]);
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return slots[k].done || (stop && next <= k); });
            if (!slots[k].done)
                break; // never started: an earlier prompt was cancelled or failed
            lock.unlock();
            deliver(k);
        }
    } catch (...) {
        {
            const std::lock_guard lock(mutex);
            stop = true;
        }
        joinAll();
        throw;
    }
    joinAll();
    if (cancelled)
        std::rethrow_exception(cancelled);
}

} // namespace interlens
