#pragma once

// A small, valid study built by hand (no models run): two models, n = 2 players, `prompts` prompts of which
// every one is done, with the aggregates computed by the real code. The bad-input tests damage copies of it;
// the fuzzers start from it (tests/fuzz/fuzz_seeds.cpp).

#include "study/study_aggregate.h"
#include "study/study_options.h"
#include "study/study_types.h"

#include <cmath>
#include <string>

namespace interlens::test {

inline std::vector<double> handmadeVector(int players, double seed)
{
    std::vector<double> v(std::size_t(1) << players);
    for (std::size_t s = 0; s < v.size(); ++s)
        v[s] = std::sin(seed + 1.7 * double(s)) * 3.0;
    return v;
}

inline Study handmadeStudy(std::int64_t prompts = 3, std::int64_t shardIndex = 0, std::int64_t shardCount = 1)
{
    const int n = 2;
    Study study;
    StudyMeta& meta = study.meta;
    meta.appVersion = "0.1.0-test";
    meta.createdUtc = "2026-12-03T08:00:00Z";
    meta.promptsFile = "prompts.jsonl";
    meta.promptsSha256 = std::string(64, 'a');
    meta.promptCount = prompts;
    meta.shardIndex = shardIndex;
    meta.shardCount = shardCount;
    StudyRunOptions run;
    run.players = n;
    meta.runOptions = runOptionsJson(run);
    const StudyAggregateOptions aggregate;
    meta.aggregateOptions = aggregateOptionsJson(aggregate);
    for (const char* id : {"alpha", "beta"})
        meta.models.push_back({id, std::string("/models/") + id, "llama", std::string("cfg-") + id,
                               std::string("w-") + id, std::string("tok-") + id});
    for (std::int64_t i = shardIndex; i < prompts; i += shardCount) {
        PromptRecord r;
        r.prompt = {
            i, "p" + std::to_string(i), "The quick brown fox jumps over the lazy", "dog", {"quick", "fox"}};
        r.status = PromptStatus::Done;
        r.playerWords = {"quick", "fox"};
        for (std::size_t m = 0; m < meta.models.size(); ++m) {
            ModelResult mr;
            mr.id = meta.models[m].id;
            mr.targetTokenId = 42;
            mr.pTarget = 0.5;
            mr.targetRank = 0;
            mr.v = handmadeVector(n, double(i) + double(m));
            mr.u = mr.v.back() - mr.v.front();
            mr.iAnd = handmadeVector(n, double(i) + double(m) + 0.3);
            mr.iOr = handmadeVector(n, double(i) + double(m) + 0.6);
            r.models.push_back(mr);
        }
        PairResult p;
        p.a = "alpha";
        p.b = "beta";
        p.iAndA = handmadeVector(n, double(i) + 0.1);
        p.iOrA = handmadeVector(n, double(i) + 0.2);
        p.iAndB = handmadeVector(n, double(i) + 0.3);
        p.iOrB = handmadeVector(n, double(i) + 0.4);
        p.sharedAnd = {3};
        p.sharedOr = {1};
        p.kappa = PairKappa{};
        p.kappa->kappa = 0.5;
        r.pairs.push_back(p);
        study.prompts.push_back(r);
    }
    meta.complete = true;
    study.aggregate = aggregateStudy(meta, study.prompts, aggregate);
    return study;
}

} // namespace interlens::test
