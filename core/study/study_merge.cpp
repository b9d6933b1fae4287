#include "study/study_merge.h"

#include "store/result_fields.h"

#include "common/error.h"
#include "store/session_file.h"
#include "study/study_aggregate.h"
#include "study/study_file.h"
#include "study/study_joint_pass.h"
#include "study/study_lock.h"
#include "study/study_validate.h"

#include <cmath>
#include <cstring>
#include <map>

namespace interlens {

namespace {

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

bool same(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i]))
            return false;
    return true;
}

bool same(const std::map<std::string, double>& a, const std::map<std::string, double>& b)
{
    if (a.size() != b.size())
        return false;
    for (auto i = a.begin(), j = b.begin(); i != a.end(); ++i, ++j)
        if (i->first != j->first || !same(i->second, j->second))
            return false;
    return true;
}

std::string modelRecordDifference(const ModelResult& a, const ModelResult& b)
{
    if (a.id != b.id || a.error != b.error || a.targetTokenId != b.targetTokenId ||
        a.targetRank != b.targetRank)
        return "model " + a.id + ": id, error, target or rank";
    if (!same(a.pTarget, b.pTarget) || !same(a.u, b.u))
        return "model " + a.id + ": p_target or u";
    if (!same(a.v, b.v))
        return "model " + a.id + ": v";
    if (!same(a.iAnd, b.iAnd) || !same(a.iOr, b.iOr))
        return "model " + a.id + ": I_and / I_or";
    return {};
}

std::string recordDifference(const PromptRecord& a, const PromptRecord& b)
{
    const std::string where = "prompt " + std::to_string(a.prompt.index) + ": ";
    if (!(a.prompt == b.prompt))
        return where + "prompt text, target, players or id";
    if (a.status != b.status || a.filter != b.filter || a.reason != b.reason)
        return where + "status (" + promptStatusName(a.status) + " " + a.filter + " vs " +
               promptStatusName(b.status) + " " + b.filter + ")";
    if (a.playerWords != b.playerWords)
        return where + "player words";
    if (a.models.size() != b.models.size() || a.pairs.size() != b.pairs.size())
        return where + "number of models or pairs";
    for (std::size_t i = 0; i < a.models.size(); ++i)
        if (const std::string d = modelRecordDifference(a.models[i], b.models[i]); !d.empty())
            return where + d;
    for (std::size_t i = 0; i < a.pairs.size(); ++i) {
        const PairResult& p = a.pairs[i];
        const PairResult& q = b.pairs[i];
        if (p.a != q.a || p.b != q.b || p.sharedAnd != q.sharedAnd || p.sharedOr != q.sharedOr)
            return where + "pair " + p.a + "__" + p.b + ": ids or shared masks";
        if (!same(p.iAndA, q.iAndA) || !same(p.iOrA, q.iOrA) || !same(p.iAndB, q.iAndB) ||
            !same(p.iOrB, q.iOrB))
            return where + "pair " + p.a + "__" + p.b + ": joint interactions";
        if (!same(kappaGroupValues(p), kappaGroupValues(q)))
            return where + "pair " + p.a + "__" + p.b + ": kappa";
    }
    return {};
}

std::string nodeDifference(const AggNode& a, const AggNode& b, const std::string& path)
{
    if (!same(a.scalars, b.scalars)) {
        for (const auto& [name, value] : a.scalars)
            if (!b.scalars.count(name) || !same(value, b.scalars.at(name)))
                return path + "@" + name + ": " + std::to_string(value) + " vs " +
                       (b.scalars.count(name) ? std::to_string(b.scalars.at(name)) : std::string("(absent)"));
        return path + ": attributes differ";
    }
    if (a.texts != b.texts || a.textLists != b.textLists)
        return path + ": text attributes differ";
    if (a.vectors.size() != b.vectors.size())
        return path + ": datasets differ";
    for (auto i = a.vectors.begin(), j = b.vectors.begin(); i != a.vectors.end(); ++i, ++j)
        if (i->first != j->first || !same(i->second, j->second))
            return path + "/" + i->first + ": values differ";
    if (a.children.size() != b.children.size())
        return path + ": groups differ";
    for (auto i = a.children.begin(), j = b.children.begin(); i != a.children.end(); ++i, ++j) {
        if (i->first != j->first)
            return path + ": group " + i->first + " vs " + j->first;
        if (const std::string d = nodeDifference(i->second, j->second, path + "/" + i->first); !d.empty())
            return d;
    }
    return {};
}

std::string modelsDifference(const std::vector<StudyModel>& a, const std::vector<StudyModel>& b)
{
    if (a.size() != b.size())
        return std::to_string(a.size()) + " models vs " + std::to_string(b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        StudyModel x = a[i];
        x.path = b[i].path;
        if (!(x == b[i]))
            return "model " + a[i].id + " vs " + b[i].id +
                   " (id, architecture, config, weights or tokenizer)";
    }
    return {};
}

} // namespace

std::string studyDifference(const Study& a, const Study& b)
{
    const StudyMeta& x = a.meta;
    const StudyMeta& y = b.meta;
    if (x.promptsSha256 != y.promptsSha256 || x.promptCount != y.promptCount)
        return "meta: prompts";
    if (x.shardIndex != y.shardIndex || x.shardCount != y.shardCount || x.complete != y.complete)
        return "meta: shard or complete";
    if (x.runOptions != y.runOptions || x.aggregateOptions != y.aggregateOptions)
        return "meta: options";
    if (const std::string d = modelsDifference(x.models, y.models); !d.empty())
        return "meta: " + d;
    if (a.prompts.size() != b.prompts.size())
        return std::to_string(a.prompts.size()) + " records vs " + std::to_string(b.prompts.size());
    for (std::size_t i = 0; i < a.prompts.size(); ++i)
        if (const std::string d = recordDifference(a.prompts[i], b.prompts[i]); !d.empty())
            return d;
    return nodeDifference(a.aggregate, b.aggregate, "/aggregate");
}

Study mergeStudies(const MergeRequest& request)
{
    if (request.inputs.empty())
        throw InputError("merge: give the study files to merge");
    if (request.outPath.empty())
        throw InputError("merge: give the output file (--out study.h5)");
    const StudyLock lock(request.outPath); // a study run or another merge writing the same file
    Study result;
    std::map<std::int64_t, PromptRecord> records;
    std::map<std::int64_t, std::string> recordSource;
    std::string aggregateOptions;
    std::vector<StudyMeta> metas;
    for (const std::string& path : request.inputs) {
        Study s = loadStudy(path);
        validateStudy(s, path);
        if (metas.empty()) {
            result.meta = s.meta;
            aggregateOptions = s.meta.aggregateOptions;
        } else {
            const StudyMeta& first = result.meta;
            const std::string firstPath = request.inputs.front();
            if (s.meta.promptsSha256 != first.promptsSha256 || s.meta.promptCount != first.promptCount)
                throw InputError("merge: " + path + " was made from other prompts than " + firstPath + " (" +
                                 std::to_string(s.meta.promptCount) + " vs " +
                                 std::to_string(first.promptCount) + " prompts, or different text)");
            if (const std::string d = firstOptionDifference(first.runOptions, s.meta.runOptions); !d.empty())
                throw InputError("merge: " + path + " was made with other options than " + firstPath + " (" +
                                 d + ")");
            if (const std::string d = modelsDifference(first.models, s.meta.models); !d.empty())
                throw InputError("merge: " + path + " was made with other models than " + firstPath + " (" +
                                 d + ")");
            if (!request.aggregate && s.meta.aggregateOptions != aggregateOptions)
                throw InputError("merge: " + path + " and " + firstPath +
                                 " have different aggregation settings (" +
                                 firstOptionDifference(aggregateOptions, s.meta.aggregateOptions) +
                                 "); give them on the merge command line");
        }
        metas.push_back(s.meta);
        for (PromptRecord& r : s.prompts) {
            const auto it = records.find(r.prompt.index);
            if (it != records.end()) {
                if (const std::string d = recordDifference(it->second, r); !d.empty())
                    throw InputError("merge: " + recordSource[r.prompt.index] + " and " + path +
                                     " disagree on prompt " + std::to_string(r.prompt.index) + " (" + d +
                                     ")");
                continue;
            }
            recordSource[r.prompt.index] = path;
            records.emplace(r.prompt.index, std::move(r));
        }
    }

    StudyMeta& meta = result.meta;
    meta.createdUtc = utcNow();
    meta.appVersion = interlensVersion();
    meta.shardIndex = 0;
    meta.shardCount = 1;
    const StudyAggregateOptions options =
        request.aggregate ? *request.aggregate : aggregateOptionsFromJson(aggregateOptions);
    meta.aggregateOptions = aggregateOptionsJson(options);
    meta.complete = static_cast<std::int64_t>(records.size()) == meta.promptCount;
    if (!meta.complete && !request.allowPartial) {
        std::string missing;
        int listed = 0;
        // Only the first few missing prompts are named: the loop stops there, whatever the prompt count.
        const std::int64_t count = meta.promptCount - static_cast<std::int64_t>(records.size());
        for (std::int64_t i = 0; i < meta.promptCount && listed < 10; ++i)
            if (!records.count(i)) {
                if (listed++ < 10) {
                    missing += (missing.empty() ? "" : ", ") + std::to_string(i);
                    for (const StudyMeta& m : metas)
                        if (m.shardCount > 1) {
                            missing += " (shard " + std::to_string(i % m.shardCount) + "/" +
                                       std::to_string(m.shardCount) + ")";
                            break;
                        }
                }
            }
        throw InputError("merge: " + std::to_string(count) + " of " + std::to_string(meta.promptCount) +
                         " prompts have no record: " + missing + (count > 10 ? ", ..." : "") +
                         "; finish those shards (re-running a shard resumes it) or pass --allow-partial");
    }
    for (auto& [index, r] : records)
        result.prompts.push_back(std::move(r));
    if (meta.complete) {
        JointPassControl joint;
        joint.threads = request.threads;
        runJointPass(meta, result.prompts, options, joint);
    }
    result.aggregate = aggregateStudy(meta, result.prompts, options);
    saveStudy(result, request.outPath);
    return result;
}

} // namespace interlens
