#include "study/study_validate.h"

#include "common/error.h"

#include <algorithm>

namespace interlens {

namespace {

// Players of a record as the vectors index them: at most 30 (2^30 doubles is already 8 GB per vector).
constexpr std::size_t kMaxRecordPlayers = 30;

class RecordChecker
{
public:
    RecordChecker(const PromptRecord& record, const std::string& path) : m_record(record), m_path(path)
    {
        m_where = "prompt " + std::to_string(record.prompt.index) + ": ";
        if (record.playerWords.size() > kMaxRecordPlayers)
            fail("player_words", "lists " + std::to_string(record.playerWords.size()) + " players (at most " +
                                     std::to_string(kMaxRecordPlayers) + ")");
        m_length = std::size_t(1) << record.playerWords.size();
    }

    // A vector is empty (not computed) or has one entry per coalition; `required` when the record is done.
    void vector(const std::vector<double>& values, const std::string& field, bool required) const
    {
        if (values.empty() && !required)
            return;
        if (values.size() != m_length)
            fail(field, "has length " + std::to_string(values.size()) + ", expected 2^" +
                            std::to_string(m_record.playerWords.size()) + " = " + std::to_string(m_length) +
                            " for the record's players");
    }

    void masks(const std::vector<std::uint64_t>& values, const std::string& field) const
    {
        for (std::uint64_t mask : values)
            if (mask >= m_length)
                fail(field, "holds coalition mask " + std::to_string(mask) + ", but the record has only " +
                                std::to_string(m_record.playerWords.size()) + " players");
    }

    [[noreturn]] void fail(const std::string& field, const std::string& what) const
    {
        throw InputError(fileMessage(m_path, m_where + field + " " + what + " (file damaged or edited?)"));
    }

private:
    const PromptRecord& m_record;
    const std::string& m_path;
    std::string m_where;
    std::size_t m_length = 1;
};

} // namespace

void validateRecord(const PromptRecord& r, const std::vector<StudyModel>& studyModels,
                    const std::string& path)
{
    const RecordChecker check(r, path);
    const bool done = r.status == PromptStatus::Done;
    // A prompt skipped before any model ran (a stop-word target) has no model records at all.
    if (r.models.size() != studyModels.size() && !(r.models.empty() && !done))
        check.fail("models", "has " + std::to_string(r.models.size()) + " model records, the study has " +
                                 std::to_string(studyModels.size()) + " models");
    for (std::size_t i = 0; i < r.models.size(); ++i) {
        const ModelResult& m = r.models[i];
        if (m.id != studyModels[i].id)
            check.fail("models/" + m.id,
                       "is not the study's model " + std::to_string(i) + " (" + studyModels[i].id + ")");
        check.vector(m.v, "models/" + m.id + "/v", done);
        check.vector(m.iAnd, "models/" + m.id + "/I_and", done);
        check.vector(m.iOr, "models/" + m.id + "/I_or", done);
    }
    const std::size_t models = r.models.size();
    // A done prompt has at most one record per pair: none before the study's joint pass (two-pass β, shards
    // before `merge`), and only the pairs that keep it under the per-pair top-1 filter.
    if (r.pairs.size() > models * (models - 1) / 2)
        check.fail("pairs", "has " + std::to_string(r.pairs.size()) + " pair records, at most " +
                                std::to_string(models * (models - 1) / 2) + " for " + std::to_string(models) +
                                " models");
    const auto isModel = [&](const std::string& id) {
        return std::any_of(r.models.begin(), r.models.end(),
                           [&](const ModelResult& m) { return m.id == id; });
    };
    for (const PairResult& p : r.pairs) {
        const std::string name = "pairs/" + p.a + "__" + p.b;
        if (p.a == p.b || !isModel(p.a) || !isModel(p.b))
            check.fail(name, "does not name two different models of the study");
        check.vector(p.iAndA, name + "/I_and_a", done);
        check.vector(p.iOrA, name + "/I_or_a", done);
        check.vector(p.iAndB, name + "/I_and_b", done);
        check.vector(p.iOrB, name + "/I_or_b", done);
        check.masks(p.sharedAnd, name + "/shared_and");
        check.masks(p.sharedOr, name + "/shared_or");
    }
}

void validateStudy(const Study& study, const std::string& path)
{
    const StudyMeta& meta = study.meta;
    auto fail = [&](const std::string& what) {
        throw InputError(fileMessage(path, what + " (file damaged or edited?)"));
    };
    if (meta.promptCount < 0 || meta.promptCount > kMaxStudyPrompts)
        fail("/study@prompt_count is " + std::to_string(meta.promptCount) + ", outside 0.." +
             std::to_string(kMaxStudyPrompts));
    if (meta.shardCount < 1 || meta.shardCount > kMaxStudyPrompts || meta.shardIndex < 0 ||
        meta.shardIndex >= meta.shardCount)
        fail("/study@shard_index/shard_count " + std::to_string(meta.shardIndex) + "/" +
             std::to_string(meta.shardCount) + " is not a shard i/N with 0 <= i < N");
    if (static_cast<std::int64_t>(study.prompts.size()) > meta.promptCount)
        fail(std::to_string(study.prompts.size()) + " records for " + std::to_string(meta.promptCount) +
             " prompts");
    std::int64_t previous = -1;
    for (const PromptRecord& r : study.prompts) {
        const std::int64_t index = r.prompt.index;
        if (index < 0 || index >= meta.promptCount)
            fail("record of prompt " + std::to_string(index) + ": index outside 0.." +
                 std::to_string(meta.promptCount - 1));
        if (index % meta.shardCount != meta.shardIndex)
            fail("record of prompt " + std::to_string(index) + " is not in the file's shard " +
                 std::to_string(meta.shardIndex) + "/" + std::to_string(meta.shardCount));
        if (index <= previous)
            fail("record of prompt " + std::to_string(index) + " is out of order or repeated");
        previous = index;
        validateRecord(r, meta.models, path);
    }
    if (meta.complete) {
        std::int64_t inShard = meta.promptCount / meta.shardCount +
                               (meta.shardIndex < meta.promptCount % meta.shardCount ? 1 : 0);
        if (static_cast<std::int64_t>(study.prompts.size()) != inShard)
            fail("/study@complete is 1 but the file holds " + std::to_string(study.prompts.size()) +
                 " of the " + std::to_string(inShard) + " records of its shard");
    }
}

} // namespace interlens
