#include "store/session_file.h"
#include "store/hdf5_version.h"

#include "common/error.h"
#include "store/atomic_file.h"
#include "store/hdf5_file.h"
#include "store/hdf5_global_heap.h"
#include "store/hdf5_io.h"
#include "store/result_io.h"

#include <hdf5.h>

#include <QDateTime>

#include <set>

#ifndef INTERLENS_VERSION
#define INTERLENS_VERSION "unknown"
#endif

namespace interlens {

using namespace store;

std::string interlensVersion()
{
    return INTERLENS_VERSION;
}

std::string hdf5Version()
{
    unsigned major = 0, minor = 0, release = 0;
    H5get_libversion(&major, &minor, &release);
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

std::string utcNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
}

namespace {

void checkName(const std::string& name, const std::string& what)
{
    if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos)
        throw Hdf5Failure(what + " '" + name +
                          "' cannot be used as an HDF5 name (empty, '.', '..' or contains '/')");
}

// The model's coalition vectors (every vector of numbers in its field table) are empty or 2^players long.
void checkLengths(const ModelResult& model, size_t players)
{
    const size_t expected = players < 63 ? size_t(1) << players : 0;
    for (const Field<ModelResult>& f : modelResultFields()) {
        const auto* member = std::get_if<std::vector<double> ModelResult::*>(&f.member);
        if (!member || !(f.files & InSession))
            continue;
        const size_t size = (model.**member).size();
        if (size != 0 && size != expected)
            throw Hdf5Failure("/models/" + model.id + "/" + f.name + ": length " + std::to_string(size) +
                              ", expected 2^" + std::to_string(players) + " = " + std::to_string(expected));
    }
}

// ---- writing
// -----------------------------------------------------------------------------------------------

void writeScalars(hid_t group, const std::map<std::string, double>& values, const std::string& what)
{
    for (const auto& [name, value] : values) {
        if (name.empty())
            throw Hdf5Failure(what + ": empty name");
        writeAttribute(group, name, value);
    }
}

void writeVectors(hid_t group, const std::map<std::string, std::vector<double>>& values,
                  const std::string& what)
{
    for (const auto& [name, value] : values) {
        checkName(name, what);
        writeDataset(group, name, value);
    }
}

void writeMeta(hid_t file, const SessionMeta& meta)
{
    const GroupHandle group = createGroup(file, "session");
    const hid_t g = group.get();
    writeAttribute(g, "schema_version", kSessionSchemaVersion);
    writeAttribute(g, "app_version", meta.appVersion.empty() ? interlensVersion() : meta.appVersion);
    writeAttribute(g, "created_utc", meta.createdUtc.empty() ? utcNow() : meta.createdUtc);
    writeAttribute(g, "prompt", meta.prompt);
    writeAttribute(g, "target_word", meta.targetWord);
    std::vector<std::string> words;
    std::vector<std::array<std::int64_t, 2>> spans;
    for (const Player& p : meta.players) {
        words.push_back(p.word);
        spans.push_back({p.begin, p.end});
    }
    writeAttribute(g, "players", words);
    writeAttribute(g, "player_spans", spans);
    writeAttribute(g, "baseline", meta.baseline);
    writeAttribute(g, "reward_definition", meta.rewardDefinition);
    writeAttribute(g, "notes", meta.notes);
    const GroupHandle settings = createGroup(g, "solver_settings");
    for (const auto& [key, value] : meta.solverSettings) {
        if (key.empty())
            throw Hdf5Failure("/session/solver_settings: empty key");
        writeAttribute(settings.get(), key, value);
    }
}

void writeModel(hid_t models, const ModelResult& m, size_t players)
{
    checkName(m.id, "model id");
    checkLengths(m, players);
    const GroupHandle group = createGroup(models, m.id);
    writeModelResult(group.get(), m, InSession);
}

void writePair(hid_t pairs, const PairResult& p)
{
    const GroupHandle group = createGroup(pairs, p.a + "__" + p.b);
    writePairResult(group.get(), p, InSession);
}

void writeSession(const Session& session, const std::string& tempPath, const std::string& path)
{
    FileHandle file = createHdf5(tempPath, path);
    try {
        // First, so that the MIME magic finds it near the start of the file (hdf5_io.h).
        writeFileFormat(file.get(), kSessionFormat, kSessionSchemaVersion);
        const TextDigest digest;
        writeMeta(file.get(), session.meta);
        const size_t players = session.meta.players.size();
        std::set<std::string> ids;
        {
            const GroupHandle models = createGroup(file.get(), "models");
            for (const ModelResult& m : session.models) {
                if (!ids.insert(m.id).second)
                    throw Hdf5Failure("model id '" + m.id + "' appears twice");
                writeModel(models.get(), m, players);
            }
        }
        {
            const GroupHandle pairs = createGroup(file.get(), "pairs");
            for (const PairResult& p : session.pairs) {
                // Checked here rather than up front on purpose: tests use it to fail a save halfway through.
                if (!ids.count(p.a) || !ids.count(p.b))
                    throw Hdf5Failure("pair " + p.a + "__" + p.b +
                                      " names a model that is not in the session");
                checkName(p.a + "__" + p.b, "pair");
                if (hasLink(pairs.get(), p.a + "__" + p.b))
                    throw Hdf5Failure("pair " + p.a + "__" + p.b + " appears twice");
                writePair(pairs.get(), p);
            }
        }
        {
            const GroupHandle metrics = createGroup(file.get(), "metrics");
            writeScalars(metrics.get(), session.metrics.scalars, "/metrics");
            writeVectors(metrics.get(), session.metrics.vectors, "/metrics");
        }
        writeTextDigest(file.get(), digest);
    } catch (const Hdf5Failure& e) {
        throwWriteFailure(path, "cannot save the session", e.what());
    }
    closeHdf5(file, path);
}

// ---- reading
// -----------------------------------------------------------------------------------------------

std::map<std::string, double> readScalars(hid_t group)
{
    std::map<std::string, double> out;
    for (const std::string& name : attributeNames(group))
        out[name] = readDoubleAttribute(group, name);
    return out;
}

std::map<std::string, std::vector<double>> readVectors(hid_t group)
{
    std::map<std::string, std::vector<double>> out;
    for (const std::string& name : childNames(group))
        out[name] = readDoubleDataset(group, name);
    return out;
}

SessionMeta readMeta(hid_t g)
{
    SessionMeta meta;
    meta.schemaVersion = readIntAttribute(g, "schema_version");
    meta.appVersion = readStringAttribute(g, "app_version");
    meta.createdUtc = readStringAttribute(g, "created_utc");
    meta.prompt = readStringAttribute(g, "prompt");
    meta.targetWord = readStringAttribute(g, "target_word");
    const std::vector<std::string> words = readStringListAttribute(g, "players");
    const auto spans = readPairsAttribute(g, "player_spans");
    if (words.size() != spans.size())
        throw Hdf5Failure("/session: " + std::to_string(words.size()) + " players but " +
                          std::to_string(spans.size()) + " player_spans");
    for (size_t i = 0; i < words.size(); ++i)
        meta.players.push_back(Player{words[i], spans[i][0], spans[i][1]});
    meta.baseline = readStringAttribute(g, "baseline");
    meta.rewardDefinition = readStringAttribute(g, "reward_definition");
    meta.notes = readStringAttribute(g, "notes");
    const GroupHandle settings = openGroup(g, "solver_settings");
    for (const std::string& key : attributeNames(settings.get()))
        meta.solverSettings[key] = isStringAttribute(settings.get(), key)
                                       ? readStringAttribute(settings.get(), key)
                                       : std::to_string(readDoubleAttribute(settings.get(), key));
    return meta;
}

ModelResult readModel(hid_t models, const std::string& name, size_t players)
{
    const GroupHandle group = openGroup(models, name);
    ModelResult m = readModelResult(group.get(), InSession);
    checkLengths(m, players);
    return m;
}

PairResult readPair(hid_t pairs, const std::string& name)
{
    const GroupHandle group = openGroup(pairs, name);
    return readPairResult(group.get(), InSession);
}

Session readSession(hid_t file, const std::string& path)
{
    // Schema 2 names the file kind at the root; schema 1 files have no root `format`.
    if (const std::string format = readFileFormat(file); !format.empty() && format != kSessionFormat)
        throw InputError(fileMessage(path, "not an Interlens session file (its format is '" + format + "')"));
    if (!hasLink(file, "session"))
        throw InputError(fileMessage(path, "not an Interlens session file (missing group /session)"));
    const TextDigest digest;
    Session s;
    {
        const GroupHandle group = openGroup(file, "session");
        // The version comes first: a newer file may lack or rename anything else.
        const std::int64_t version = readIntAttribute(group.get(), "schema_version");
        if (version > kSessionSchemaVersion)
            throw InputError(fileMessage(
                path, "written by a newer Interlens, schema " + std::to_string(version) + " > " +
                          std::to_string(kSessionSchemaVersion) + "; update Interlens to open it"));
        if (version < 1)
            throw InputError(fileMessage(path, "invalid schema_version " + std::to_string(version)));
        s.meta = readMeta(group.get());
    }
    const size_t players = s.meta.players.size();
    {
        const GroupHandle models = openGroup(file, "models");
        for (const std::string& name : childNames(models.get()))
            s.models.push_back(readModel(models.get(), name, players));
    }
    {
        const GroupHandle pairs = openGroup(file, "pairs");
        for (const std::string& name : childNames(pairs.get()))
            s.pairs.push_back(readPair(pairs.get(), name));
    }
    const GroupHandle metrics = openGroup(file, "metrics");
    s.metrics.scalars = readScalars(metrics.get());
    s.metrics.vectors = readVectors(metrics.get());
    checkTextDigest(file, digest);
    return s;
}

} // namespace

void saveSession(const Session& session, const std::string& path)
{
    const ErrorSilencer silence;
    writeAtomically(path, [&](const std::string& tempPath) { writeSession(session, tempPath, path); });
}

Session loadSession(const std::string& path)
{
    FileHandle file = openHdf5(path);
    checkGlobalHeaps(path);
    const ErrorSilencer silence;
    try {
        return readSession(file.get(), path);
    } catch (const Hdf5Failure& e) {
        throw InputError(fileMessage(path, e.what()));
    }
}

} // namespace interlens
