#include "study/study_file.h"

#include "common/error.h"
#include "store/atomic_file.h"
#include "store/hdf5_file.h"
#include "store/hdf5_global_heap.h"
#include "store/hdf5_io.h"
#include "store/result_io.h"
#include "store/session_file.h"

#include <QFileInfo>

#include <cstdio>

namespace interlens {

using namespace store;

namespace {

constexpr const char* kFormat = "interlens-study";
constexpr const char* kPartFormat = "interlens-study-part";

std::string recordName(std::int64_t index)
{
    char name[32];
    std::snprintf(name, sizeof name, "%08lld", static_cast<long long>(index));
    return name;
}

void checkName(const std::string& name, const std::string& what)
{
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        throw Hdf5Failure(what + " '" + name + "' cannot be used as an HDF5 name");
}

// ---- generic tree of numbers

void writeNode(hid_t group, const AggNode& node)
{
    for (const auto& [name, value] : node.scalars)
        writeAttribute(group, name, value);
    for (const auto& [name, value] : node.texts)
        writeAttribute(group, name, value);
    for (const auto& [name, values] : node.textLists)
        writeAttribute(group, name, values);
    for (const auto& [name, values] : node.vectors)
        writeDataset(group, name, values);
    for (const auto& [name, child] : node.children) {
        checkName(name, objectPath(group) + ": child");
        const GroupHandle g = createGroup(group, name);
        writeNode(g.get(), child);
    }
}

AggNode readNode(hid_t group)
{
    AggNode node;
    for (const std::string& name : attributeNames(group)) {
        if (isStringAttribute(group, name)) {
            if (isScalarAttribute(group, name))
                node.texts[name] = readStringAttribute(group, name);
            else
                node.textLists[name] = readStringListAttribute(group, name);
        } else {
            node.scalars[name] = readDoubleAttribute(group, name);
        }
    }
    for (const std::string& name : childNames(group)) {
        if (isGroup(group, name)) {
            const GroupHandle g = openGroup(group, name);
            node.children[name] = readNode(g.get());
        } else {
            node.vectors[name] = readDoubleDataset(group, name);
        }
    }
    return node;
}

// ---- prompt records

void writeRecord(hid_t parent, const PromptRecord& r)
{
    const GroupHandle group = createGroup(parent, recordName(r.prompt.index));
    const hid_t g = group.get();
    writeAttribute(g, "index", r.prompt.index);
    writeAttribute(g, "id", r.prompt.id);
    writeAttribute(g, "text", r.prompt.text);
    writeAttribute(g, "target", r.prompt.target);
    writeAttribute(g, "players", r.prompt.players);
    writeAttribute(g, "status", std::string(promptStatusName(r.status)));
    writeAttribute(g, "filter", r.filter);
    writeAttribute(g, "reason", r.reason);
    writeAttribute(g, "player_words", r.playerWords);
    writeAttribute(g, "seconds", r.seconds);
    if (!r.playerSpans.empty())
        writeAttribute(g, "player_spans", r.playerSpans);
    const GroupHandle models = createGroup(g, "models");
    for (const ModelResult& m : r.models) {
        checkName(m.id, "model id");
        const GroupHandle mg = createGroup(models.get(), m.id);
        writeModelResult(mg.get(), m, InStudy);
    }
    const GroupHandle pairs = createGroup(g, "pairs");
    for (const PairResult& p : r.pairs) {
        checkName(p.a + "__" + p.b, "pair");
        const GroupHandle pg = createGroup(pairs.get(), p.a + "__" + p.b);
        writePairResult(pg.get(), p, InStudy);
    }
}

PromptRecord readRecord(hid_t parent, const std::string& name, bool withVectors)
{
    const GroupHandle group = openGroup(parent, name);
    const hid_t g = group.get();
    PromptRecord r;
    r.prompt.index = readIntAttribute(g, "index");
    r.prompt.id = readStringAttribute(g, "id");
    r.prompt.text = readStringAttribute(g, "text");
    r.prompt.target = readStringAttribute(g, "target");
    r.prompt.players = readStringListAttribute(g, "players");
    try {
        r.status = parsePromptStatus(readStringAttribute(g, "status"));
    } catch (const InputError& e) {
        throw Hdf5Failure(objectPath(g) + ": " + e.what());
    }
    r.filter = readStringAttribute(g, "filter");
    r.reason = readStringAttribute(g, "reason");
    r.playerWords = readStringListAttribute(g, "player_words");
    r.seconds = readDoubleAttribute(g, "seconds");
    if (hasAttribute(g, "player_spans")) // absent in files from before they were recorded
        r.playerSpans = readPairsAttribute(g, "player_spans");
    const GroupHandle models = openGroup(g, "models");
    for (const std::string& id : childNames(models.get())) {
        const GroupHandle mg = openGroup(models.get(), id);
        r.models.push_back(readModelResult(mg.get(), InStudy, withVectors));
    }
    const GroupHandle pairs = openGroup(g, "pairs");
    for (const std::string& pairName : childNames(pairs.get())) {
        const GroupHandle pg = openGroup(pairs.get(), pairName);
        r.pairs.push_back(readPairResult(pg.get(), InStudy, withVectors));
    }
    return r;
}

// ---- meta

void writeMeta(hid_t file, const StudyMeta& meta)
{
    const GroupHandle group = createGroup(file, "study");
    const hid_t g = group.get();
    writeAttribute(g, "format", std::string(kFormat));
    writeAttribute(g, "schema_version", kStudySchemaVersion);
    writeAttribute(g, "app_version", meta.appVersion.empty() ? interlensVersion() : meta.appVersion);
    writeAttribute(g, "created_utc", meta.createdUtc.empty() ? utcNow() : meta.createdUtc);
    writeAttribute(g, "prompts_file", meta.promptsFile);
    writeAttribute(g, "prompts_sha256", meta.promptsSha256);
    writeAttribute(g, "prompt_count", meta.promptCount);
    writeAttribute(g, "shard_index", meta.shardIndex);
    writeAttribute(g, "shard_count", meta.shardCount);
    writeAttribute(g, "complete", std::int64_t{meta.complete ? 1 : 0});
    writeAttribute(g, "run_options", meta.runOptions);
    writeAttribute(g, "aggregate_options", meta.aggregateOptions);
    const GroupHandle models = createGroup(g, "models");
    for (const StudyModel& m : meta.models) {
        checkName(m.id, "model id");
        const GroupHandle mg = createGroup(models.get(), m.id);
        writeAttribute(mg.get(), "id", m.id);
        writeAttribute(mg.get(), "path", m.path);
        writeAttribute(mg.get(), "architecture", m.architecture);
        writeAttribute(mg.get(), "config_hash", m.configHash);
        writeAttribute(mg.get(), "weights_fingerprint", m.weightsFingerprint);
        writeAttribute(mg.get(), "tokenizer_hash", m.tokenizerHash);
    }
}

StudyMeta readMeta(hid_t file)
{
    // Schema 2 names the file kind at the root; schema 1 files have no root `format`.
    if (const std::string format = readFileFormat(file); !format.empty() && format != kFormat)
        throw Hdf5Failure("not an Interlens study file (its format is '" + format + "')");
    if (!hasLink(file, "study"))
        throw Hdf5Failure("not an Interlens study file (no /study group)");
    const GroupHandle group = openGroup(file, "study");
    const hid_t g = group.get();
    if (!hasAttribute(g, "format") || readStringAttribute(g, "format") != kFormat)
        throw Hdf5Failure("not an Interlens study file (/study@format is not '" + std::string(kFormat) +
                          "')");
    StudyMeta meta;
    meta.schemaVersion = readIntAttribute(g, "schema_version");
    if (meta.schemaVersion > kStudySchemaVersion)
        throw Hdf5Failure("written by a newer Interlens (study schema_version " +
                          std::to_string(meta.schemaVersion) + ", this build reads up to " +
                          std::to_string(kStudySchemaVersion) + ")");
    meta.appVersion = readStringAttribute(g, "app_version");
    meta.createdUtc = readStringAttribute(g, "created_utc");
    meta.promptsFile = readStringAttribute(g, "prompts_file");
    meta.promptsSha256 = readStringAttribute(g, "prompts_sha256");
    meta.promptCount = readIntAttribute(g, "prompt_count");
    meta.shardIndex = readIntAttribute(g, "shard_index");
    meta.shardCount = readIntAttribute(g, "shard_count");
    meta.complete = readIntAttribute(g, "complete") != 0;
    meta.runOptions = readStringAttribute(g, "run_options");
    meta.aggregateOptions = readStringAttribute(g, "aggregate_options");
    const GroupHandle models = openGroup(g, "models");
    for (const std::string& id : childNames(models.get())) {
        const GroupHandle mg = openGroup(models.get(), id);
        StudyModel m;
        m.id = readStringAttribute(mg.get(), "id");
        m.path = readStringAttribute(mg.get(), "path");
        m.architecture = readStringAttribute(mg.get(), "architecture");
        m.configHash = readStringAttribute(mg.get(), "config_hash");
        m.weightsFingerprint = readStringAttribute(mg.get(), "weights_fingerprint");
        m.tokenizerHash = readStringAttribute(mg.get(), "tokenizer_hash");
        meta.models.push_back(std::move(m));
    }
    return meta;
}

} // namespace

const char* promptStatusName(PromptStatus status)
{
    switch (status) {
    case PromptStatus::Done:
        return "done";
    case PromptStatus::Skipped:
        return "skipped";
    case PromptStatus::Failed:
        return "failed";
    }
    return "failed";
}

PromptStatus parsePromptStatus(const std::string& name)
{
    if (name == "done")
        return PromptStatus::Done;
    if (name == "skipped")
        return PromptStatus::Skipped;
    if (name == "failed")
        return PromptStatus::Failed;
    throw InputError("unknown prompt status '" + name + "' (expected done, skipped or failed)");
}

bool studyFileExists(const std::string& path)
{
    return QFileInfo::exists(QString::fromStdString(path)) && looksLikeHdf5(path);
}

bool isStudyFile(const std::string& path)
{
    if (!studyFileExists(path))
        return false;
    try {
        FileHandle file = openHdf5(path);
        const ErrorSilencer silence;
        return hasLink(file.get(), "study");
    } catch (const std::exception&) {
        return false;
    }
}

void saveStudy(const Study& study, const std::string& path)
{
    writeAtomically(path, [&](const std::string& temp) {
        FileHandle file = createHdf5(temp, path);
        const ErrorSilencer silence;
        try {
            // First, so that the MIME magic finds it near the start of the file (hdf5_io.h).
            writeFileFormat(file.get(), kFormat, kStudySchemaVersion);
            const TextDigest digest;
            writeMeta(file.get(), study.meta);
            {
                const GroupHandle prompts = createGroup(file.get(), "prompts");
                for (const PromptRecord& r : study.prompts)
                    writeRecord(prompts.get(), r);
                const GroupHandle aggregate = createGroup(file.get(), "aggregate");
                writeNode(aggregate.get(), study.aggregate);
            }
            writeTextDigest(file.get(), digest);
        } catch (const Hdf5Failure& e) {
            throwWriteFailure(path, "cannot save the study", e.what());
        }
        closeHdf5(file, path);
    });
}

Study loadStudy(const std::string& path, bool withVectors)
{
    FileHandle file = openHdf5(path);
    checkGlobalHeaps(path);
    const ErrorSilencer silence;
    try {
        const TextDigest digest;
        Study study;
        study.meta = readMeta(file.get());
        {
            const GroupHandle prompts = openGroup(file.get(), "prompts");
            for (const std::string& name : childNames(prompts.get()))
                study.prompts.push_back(readRecord(prompts.get(), name, withVectors));
            const GroupHandle aggregate = openGroup(file.get(), "aggregate");
            study.aggregate = readNode(aggregate.get());
        }
        // Every string was read, also without the vectors (studies hold no string datasets).
        checkTextDigest(file.get(), digest);
        return study;
    } catch (const Hdf5Failure& e) {
        throw InputError(fileMessage(path, e.what()));
    }
}

PromptRecord loadStudyPrompt(const std::string& path, std::int64_t index)
{
    FileHandle file = openHdf5(path);
    checkGlobalHeaps(path);
    const ErrorSilencer silence;
    try {
        readMeta(file.get()); // refuses files that are not studies or come from a newer Interlens
        const GroupHandle prompts = openGroup(file.get(), "prompts");
        const std::string name = recordName(index);
        if (!hasLink(prompts.get(), name))
            throw Hdf5Failure("has no record of prompt " + std::to_string(index));
        return readRecord(prompts.get(), name, true);
    } catch (const Hdf5Failure& e) {
        throw InputError(fileMessage(path, e.what()));
    }
}

void savePromptPart(const PromptRecord& record, const std::string& runOptions, const std::string& path)
{
    writeAtomically(path, [&](const std::string& temp) {
        FileHandle file = createHdf5(temp, path);
        const ErrorSilencer silence;
        try {
            writeFileFormat(file.get(), kPartFormat, kStudySchemaVersion);
            writeAttribute(file.get(), "schema_version", kStudySchemaVersion);
            const TextDigest digest;
            writeAttribute(file.get(), "run_options", runOptions);
            {
                const GroupHandle prompts = createGroup(file.get(), "prompts");
                writeRecord(prompts.get(), record);
            }
            writeTextDigest(file.get(), digest);
        } catch (const Hdf5Failure& e) {
            throwWriteFailure(path, "cannot save the prompt record", e.what());
        }
        closeHdf5(file, path);
    });
}

PromptRecord loadPromptPart(const std::string& path, const std::string& runOptions)
{
    FileHandle file = openHdf5(path);
    checkGlobalHeaps(path);
    const ErrorSilencer silence;
    try {
        const hid_t f = file.get();
        if (readFileFormat(f) != kPartFormat)
            throw Hdf5Failure("not an Interlens study part");
        if (readIntAttribute(f, "schema_version") > kStudySchemaVersion)
            throw Hdf5Failure("written by a newer Interlens");
        const TextDigest digest;
        const std::string partOptions = readStringAttribute(f, "run_options");
        if (partOptions != runOptions)
            throw InputError(fileMessage(path, "was computed with other options (" + partOptions + ")"));
        PromptRecord record;
        {
            const GroupHandle prompts = openGroup(f, "prompts");
            const std::vector<std::string> names = childNames(prompts.get());
            if (names.size() != 1)
                throw Hdf5Failure("expected one prompt record");
            record = readRecord(prompts.get(), names.front(), true);
        }
        checkTextDigest(f, digest);
        return record;
    } catch (const Hdf5Failure& e) {
        throw InputError(fileMessage(path, e.what()));
    }
}

} // namespace interlens
