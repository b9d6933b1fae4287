#include "study/study_joint_pass.h"

#include "store/result_fields.h"

#include "common/error.h"
#include "explain/explain_run.h"
#include "interactions/sparsify.h"
#include "model/cpu_threads.h"
#include "study/study_aggregate.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>

namespace interlens {

namespace {

bool scored(const PromptRecord& r, std::size_t i, std::size_t j)
{
    return r.status == PromptStatus::Done && i < r.models.size() && j < r.models.size() &&
           !r.models[i].v.empty() && !r.models[j].v.empty();
}

struct RunSettings
{
    SparsifyMode mode = SparsifyMode::Solver;
    bool scoreAll = false;
};

RunSettings runSettingsOf(const StudyMeta& meta)
{
    RunSettings s;
    try {
        const nlohmann::json j = nlohmann::json::parse(meta.runOptions);
        s.mode = parseSparsifyMode(j.value("mode", std::string("solver")));
        s.scoreAll = j.value("score_all", false);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("study run options: ") + e.what());
    }
    return s;
}

struct Job
{
    std::size_t record = 0, pair = 0, i = 0, j = 0;
};

} // namespace

std::vector<PairMeanUtility> pairMeanUtilities(const StudyMeta& meta,
                                               const std::vector<PromptRecord>& records,
                                               const StudyAggregateOptions& options)
{
    std::vector<PairMeanUtility> out;
    const std::size_t models = meta.models.size();
    for (std::size_t i = 0; i < models; ++i)
        for (std::size_t j = i + 1; j < models; ++j) {
            PairMeanUtility kept, scoredOnly;
            for (const PromptRecord& r : records) {
                if (!scored(r, i, j))
                    continue;
                PairMeanUtility& target = keptForPair(r, i, j, options) ? kept : scoredOnly;
                target.a += r.models[i].u;
                target.b += r.models[j].u;
                ++target.prompts;
            }
            PairMeanUtility& m = kept.prompts > 0 ? kept : scoredOnly;
            if (m.prompts > 0) {
                m.a /= static_cast<double>(m.prompts);
                m.b /= static_cast<double>(m.prompts);
            }
            out.push_back(m);
        }
    return out;
}

JointPassOutcome runJointPass(const StudyMeta& meta, std::vector<PromptRecord>& records,
                              const StudyAggregateOptions& options, const JointPassControl& control)
{
    const std::atomic<bool>* cancel = control.cancel;
    const RunSettings settings = runSettingsOf(meta);
    const std::vector<PairMeanUtility> means = pairMeanUtilities(meta, records, options);
    const std::size_t models = meta.models.size();
    JointPassOutcome outcome;
    std::vector<Job> jobs;
    for (std::size_t x = 0; x < records.size(); ++x) {
        PromptRecord& r = records[x];
        if (r.status != PromptStatus::Done) {
            r.pairs.clear();
            continue;
        }
        std::vector<PairResult> pairs;
        std::size_t p = 0;
        for (std::size_t i = 0; i < models; ++i)
            for (std::size_t j = i + 1; j < models; ++j, ++p) {
                PairResult empty;
                empty.a = meta.models[i].id;
                empty.b = meta.models[j].id;
                const bool wanted = scored(r, i, j) && (settings.scoreAll || keptForPair(r, i, j, options));
                if (!wanted) {
                    pairs.push_back(empty);
                    continue;
                }
                const PairResult* old = p < r.pairs.size() ? &r.pairs[p] : nullptr;
                if (old && old->a == empty.a && old->b == empty.b && !old->iAndA.empty() && old->beta &&
                    old->beta->meanUA == means[p].a && old->beta->meanUB == means[p].b) {
                    pairs.push_back(*old);
                    ++outcome.reused;
                    continue;
                }
                pairs.push_back(empty);
                jobs.push_back({x, p, i, j});
            }
        r.pairs = std::move(pairs);
    }

    // Longest first, so that no core idles at the end behind one long extraction: a prompt whose first pass
    // (mostly its single extractions) took long tends to have hard joint problems too. Order only; each
    // extraction is independent, so the results are the same.
    std::stable_sort(jobs.begin(), jobs.end(), [&](const Job& x, const Job& y) {
        return records[x.record].seconds > records[y.record].seconds;
    });
    outcome.computed = jobs.size();
    if (control.planned)
        control.planned(outcome);
    // Extractions still to do per record; the mutex also orders each record's pair writes before its
    // recordDone call.
    std::vector<std::size_t> remaining(records.size(), 0);
    for (const Job& job : jobs)
        ++remaining[job.record];
    std::size_t extractionsDone = 0;
    std::mutex doneMutex;
    std::vector<std::exception_ptr> errors(jobs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false}; // no new extractions after an error (a failed save, a cancellation)
    const auto work = [&] {
        for (std::size_t k; !failed && (k = next++) < jobs.size();) {
            const Job& job = jobs[k];
            PromptRecord& r = records[job.record];
            try {
                throwIfCancelled(cancel);
                ModelResult a, b;
                a.id = meta.models[job.i].id;
                b.id = meta.models[job.j].id;
                a.v = r.models[job.i].v;
                b.v = r.models[job.j].v;
                JointOptions joint;
                joint.mode = settings.mode;
                joint.averageOutput = {means[job.pair].a, means[job.pair].b};
                joint.cancel = cancel;
                PairResult pair = studyRecordOf(jointPairResult(a, b, joint));
                pair.beta = JointBeta{
                    means[job.pair].a, means[job.pair].b, joint.pThreshold * means[job.pair].a,
                    joint.pThreshold * means[job.pair].b, static_cast<double>(means[job.pair].prompts)};
                r.pairs[job.pair] = std::move(pair);
                const std::lock_guard lock(doneMutex);
                ++extractionsDone;
                if (--remaining[job.record] == 0 && control.recordDone)
                    control.recordDone(r, extractionsDone);
            } catch (...) {
                errors[k] = std::current_exception();
                failed = true;
            }
        }
    };
    // Each extraction is single-threaded plain C++: run them side by side.
    const int count = control.threads > 0 ? control.threads : std::max(1, libtorchThreads());
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < std::min<std::size_t>(jobs.size(), static_cast<std::size_t>(count)); ++t)
        workers.emplace_back(work);
    for (std::thread& t : workers)
        t.join();
    for (const std::exception_ptr& e : errors)
        if (e)
            std::rethrow_exception(e);
    return outcome;
}

} // namespace interlens
