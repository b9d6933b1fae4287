// File identity and schema 2: the schema-1 session and study files in tests/data/schema1 (written by the
// build before schema 2) open and give the numbers their run printed; saved again they become schema 2 (root
// format, format_version, variable-length UTF-8 strings, text_digest) with the same content; the format text
// sits where the MIME magic looks for it; damaged text in the (unchecksummed) global heap is reported, not
// returned.
#include "common/error.h"
#include "common/fixtures.h"
#include "store/hdf5_file.h"
#include "store/hdf5_io.h"
#include "store/result_fields.h"
#include "store/session_file.h"
#include "store_test_util.h"
#include "study/study_file.h"
#include "study/study_session.h"

#include <hdf5.h>

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace interlens;
using namespace interlens::test;
using nlohmann::json;

namespace {

const QString kData = QStringLiteral(INTERLENS_TEST_DATA "/schema1/");
// Schema-2 files written by main's store code before the typed result model (tests/data/schema2/README.md).
const QString kMain = QStringLiteral(INTERLENS_TEST_DATA "/schema2/");

json readJson(const QString& name)
{
    std::ifstream in((kData + name).toStdString());
    return json::parse(in);
}

// JSON null stands for a non-finite number.
bool sameNumber(double value, const json& expected)
{
    return expected.is_null() ? !std::isfinite(value) : value == expected.get<double>();
}

bool sameVector(const std::vector<double>& values, const json& expected)
{
    if (values.size() != expected.size())
        return false;
    for (size_t i = 0; i < values.size(); ++i)
        if (!sameNumber(values[i], expected[i]))
            return false;
    return true;
}

// NaN-aware equality of aggregate trees (κ matrices have NaN diagonals).
bool sameNode(const AggNode& a, const AggNode& b)
{
    if (a.texts != b.texts || a.textLists != b.textLists || a.scalars.size() != b.scalars.size() ||
        a.vectors.size() != b.vectors.size() || a.children.size() != b.children.size())
        return false;
    for (const auto& [name, value] : a.scalars)
        if (!b.scalars.count(name) || !sameDouble(value, b.scalars.at(name)))
            return false;
    for (const auto& [name, value] : a.vectors)
        if (!b.vectors.count(name) || !bitwiseEqual(value, b.vectors.at(name)))
            return false;
    for (const auto& [name, child] : a.children)
        if (!b.children.count(name) || !sameNode(child, b.children.at(name)))
            return false;
    return true;
}

QByteArray head(const QString& path, qint64 bytes)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(bytes) : QByteArray();
}

bool isVariableLengthString(const std::string& path, const std::string& group, const std::string& attribute)
{
    store::FileHandle file = store::openHdf5(path);
    const store::ErrorSilencer silence;
    const store::GroupHandle g = store::openGroup(file.get(), group);
    const store::AttributeHandle a(H5Aopen(g.get(), attribute.c_str(), H5P_DEFAULT));
    const store::DatatypeHandle type(H5Aget_type(a.get()));
    return H5Tis_variable_str(type.get()) > 0;
}

std::string rootFormat(const std::string& path)
{
    store::FileHandle file = store::openHdf5(path);
    const store::ErrorSilencer silence;
    return store::readFileFormat(file.get());
}

} // namespace

class TestSchema1 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sessionsGiveTheNumbersTheirRunPrinted_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("kjv, three models") << QStringLiteral("session_kjv");
        QTest::newRow("unicode words, two models") << QStringLiteral("session_unicode");
    }

    void sessionsGiveTheNumbersTheirRunPrinted()
    {
        QFETCH(QString, name);
        const Session s = loadSession((kData + name + ".h5").toStdString());
        const json expected = readJson(name + ".json");
        QCOMPARE(s.meta.schemaVersion, std::int64_t(1));
        QCOMPARE_STR(s.meta.prompt, expected["prompt"].get<std::string>());
        QCOMPARE(s.meta.players.size(), expected["players"].size());
        for (size_t i = 0; i < s.meta.players.size(); ++i) {
            QCOMPARE_STR(s.meta.players[i].word, expected["players"][i]["word"].get<std::string>());
            QCOMPARE(s.meta.players[i].begin, expected["players"][i]["span"][0].get<std::int64_t>());
        }
        QCOMPARE(s.models.size(), expected["models"].size());
        for (size_t i = 0; i < s.models.size(); ++i) {
            const ModelResult& m = s.models[i];
            const json& e = expected["models"][i];
            QCOMPARE_STR(m.id, e["id"].get<std::string>());
            QVERIFY(sameNumber(m.pTarget, e["p_target"]));
            QCOMPARE(m.targetRank, e["target_rank"].get<std::int64_t>());
            QVERIFY(m.tokenStrings == e["tokens"].get<std::vector<std::string>>());
            QVERIFY(sameVector(m.v, e["v"]));
            QVERIFY(sameVector(m.iAnd, e["I_and"]));
            QVERIFY(sameVector(m.iOr, e["I_or"]));
            QVERIFY(sameVector(m.gamma, e["gamma"]));
            QVERIFY(sameVector(m.q, e["q"]));
        }
        QCOMPARE(s.pairs.size(), expected["pairs"].size());
        for (size_t i = 0; i < s.pairs.size(); ++i) {
            const json& e = expected["pairs"][i];
            QCOMPARE_STR(s.pairs[i].a, e["a"].get<std::string>());
            QVERIFY(sameNumber(s.pairs[i].primaryKappa(), e["kappa"]["kappa"]));
            // Every number of the κ group the run printed (κ, its variants, the joint certificate).
            const std::map<std::string, double> group = kappaGroupValues(s.pairs[i]);
            for (const auto& [name, value] : e["kappa"].items())
                QVERIFY2(group.count(name) && sameNumber(group.at(name), value), name.c_str());
            QVERIFY(s.pairs[i].sharedAnd == e["shared_and"].get<std::vector<std::uint64_t>>());
            QVERIFY(s.pairs[i].sharedOr == e["shared_or"].get<std::vector<std::uint64_t>>());
        }
    }

    void sessionSavedAgainIsSchema2WithTheSameContent()
    {
        const Session old = loadSession((kData + "session_unicode.h5").toStdString());
        const std::string path = (scratchDir(QStringLiteral("schema2")) + "/session.h5").toStdString();
        saveSession(old, path);
        const Session now = loadSession(path);
        QCOMPARE(now.meta.schemaVersion, kSessionSchemaVersion);
        Session expected = old;
        expected.meta.schemaVersion = kSessionSchemaVersion;
        compareSessions(expected, now);
        QCOMPARE_STR(rootFormat(path), std::string(kSessionFormat));
        QVERIFY(isVariableLengthString(path, "session", "prompt"));
        QVERIFY(!isVariableLengthString((kData + "session_unicode.h5").toStdString(), "session", "prompt"));
        // The MIME magic (packaging/linux/*.mime.xml) looks for the format text in the first 4096 bytes.
        QVERIFY(head(QString::fromStdString(path), 4096).contains(kSessionFormat));
        QVERIFY(!head(QString::fromStdString(path), 4096).contains("interlens-study"));
    }

    void studyGivesTheNumbersItsRunPrinted()
    {
        const Study study = loadStudy((kData + "study_kjv.h5").toStdString());
        const json expected = readJson(QStringLiteral("study_kjv.json"));
        QCOMPARE(study.meta.schemaVersion, std::int64_t(1));
        QCOMPARE(std::int64_t(study.prompts.size()), expected["records"].get<std::int64_t>());
        QCOMPARE(study.meta.complete, expected["complete"].get<bool>());
        const AggNode& kappa = study.aggregate.children.at("kappa");
        QVERIFY(kappa.textLists.at("models") == expected["kappa"]["models"].get<std::vector<std::string>>());
        for (const auto& [name, values] : kappa.vectors)
            QVERIFY2(sameVector(values, expected["kappa"][name]), name.c_str());
        for (const auto& [name, value] : expected["filters"].items())
            QCOMPARE(study.aggregate.children.at("filters").scalars.at(name), value.get<double>());
    }

    void studySavedAgainIsSchema2WithTheSameContent()
    {
        const Study old = loadStudy((kData + "study_kjv.h5").toStdString());
        const std::string path = (scratchDir(QStringLiteral("schema2")) + "/study.h5").toStdString();
        saveStudy(old, path);
        const Study now = loadStudy(path);
        QCOMPARE(now.meta.schemaVersion, kStudySchemaVersion);
        QCOMPARE(now.prompts.size(), old.prompts.size());
        for (size_t i = 0; i < old.prompts.size(); ++i) {
            QCOMPARE_STR(now.prompts[i].prompt.text, old.prompts[i].prompt.text);
            QVERIFY(now.prompts[i].playerWords == old.prompts[i].playerWords);
            QCOMPARE(now.prompts[i].models.size(), old.prompts[i].models.size());
            for (size_t k = 0; k < old.prompts[i].models.size(); ++k)
                QVERIFY(bitwiseEqual(now.prompts[i].models[k].iAnd, old.prompts[i].models[k].iAnd));
        }
        QVERIFY(sameNode(now.aggregate, old.aggregate));
        QVERIFY(isStudyFile(path));
        QCOMPARE_STR(rootFormat(path), std::string("interlens-study"));
        QVERIFY(isVariableLengthString(path, "study", "run_options"));
        QVERIFY(head(QString::fromStdString(path), 4096).contains("interlens-study"));
        // A study is not a session: the message says what it is.
        try {
            loadSession(path);
            QFAIL("a study must not load as a session");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("its format is 'interlens-study'"), e.what());
        }
    }

    // Schema-2 files written by the previous build's store code (string-keyed κ and certificates): they open
    // in the typed model with the numbers of the run, the certificates and β that build wrote, and save again
    // with the same content.
    void sessionWrittenByThePreviousBuildOpens()
    {
        const Session s = loadSession((kMain + "session_kjv.h5").toStdString());
        const json expected = readJson(QStringLiteral("session_kjv.json"));
        QCOMPARE(s.meta.schemaVersion, std::int64_t(2));
        QCOMPARE(s.models.size(), expected["models"].size());
        for (size_t i = 0; i < s.models.size(); ++i) {
            const ModelResult& m = s.models[i];
            const json& e = expected["models"][i];
            QVERIFY(sameVector(m.v, e["v"]));
            QVERIFY(sameVector(m.iAnd, e["I_and"]));
            QVERIFY(sameVector(m.gamma, e["gamma"]));
            QVERIFY(m.certificate.has_value());
            QCOMPARE(m.certificate->loss, 1.5 + double(i));
            QCOMPARE(m.certificate->lowerBound, 1.25 + double(i));
            QCOMPARE(m.certificate->gap, 0.25);
            QCOMPARE(m.certificate->converged, i != 1);
            QCOMPARE(m.solverConverged(), i != 1);
            // What is not a certificate stays a run statistic.
            QCOMPARE(m.extraScalars.at("v_from_cache"), 0.0);
            QVERIFY(m.extraScalars.count("token_forwards"));
            for (const auto& [name, value] : m.extraScalars)
                QVERIFY2(name.rfind("sparsify_", 0) != 0, name.c_str());
        }
        QCOMPARE(s.pairs.size(), expected["pairs"].size());
        for (size_t i = 0; i < s.pairs.size(); ++i) {
            const PairResult& p = s.pairs[i];
            const std::map<std::string, double> group = kappaGroupValues(p);
            for (const auto& [name, value] : expected["pairs"][i]["kappa"].items())
                QVERIFY2(group.count(name) && sameNumber(group.at(name), value), name.c_str());
            QVERIFY(p.certificate && p.certificate->converged);
            QCOMPARE(p.certificate->lowerBound, p.certificate->loss - p.certificate->gap);
            QCOMPARE(p.iAndA.size(), size_t{16}); // the joint vectors found under their model-id names
            QCOMPARE(p.iOrB.size(), size_t{16});
            QCOMPARE(p.gammaShared.size(), size_t{16});
        }
        const std::string path = (scratchDir(QStringLiteral("previous")) + "/session.h5").toStdString();
        saveSession(s, path);
        compareSessions(s, loadSession(path));
    }

    void studyWrittenByThePreviousBuildOpens()
    {
        const Study old = loadStudy((kData + "study_kjv.h5").toStdString());
        const std::string file = (kMain + "study_kjv.h5").toStdString();
        const Study study = loadStudy(file);
        QCOMPARE(study.meta.schemaVersion, std::int64_t(2));
        QCOMPARE(study.prompts.size(), old.prompts.size());
        for (size_t x = 0; x < study.prompts.size(); ++x) {
            const PromptRecord& r = study.prompts[x];
            QVERIFY(r.playerSpans.empty()); // not recorded then: found again when a prompt is opened
            for (size_t i = 0; i < r.models.size(); ++i) {
                QVERIFY(bitwiseEqual(r.models[i].iAnd, old.prompts[x].models[i].iAnd));
                QVERIFY(sameDouble(r.models[i].u, old.prompts[x].models[i].u));
                QVERIFY(r.models[i].certificate.has_value());
                QCOMPARE(r.models[i].certificate->loss, 2.5 + double(i));
            }
            for (size_t k = 0; k < r.pairs.size(); ++k) {
                const PairResult& p = r.pairs[k];
                QVERIFY(bitwiseEqual(p.iAndA, old.prompts[x].pairs[k].iAndA));
                QVERIFY(p.kappa == old.prompts[x].pairs[k].kappa);
                QVERIFY((p.beta == JointBeta{3.0, 4.0, 1.5, 2.0, 2.0}));
            }
        }
        QVERIFY(sameNode(study.aggregate, old.aggregate));
        const Session opened = sessionFromStudyRecord(study.meta, loadStudyPrompt(file, 1));
        QCOMPARE(opened.meta.players.size(), study.prompts[1].playerWords.size());
        QCOMPARE(opened.pairs.size(), size_t{1});
        QVERIFY(opened.pairs[0].beta.has_value());
    }

    void damagedTextIsReportedNotReturned()
    {
        // Variable-length strings live in HDF5's global heap, which has no checksum: text_digest catches it.
        Session s = makeSession(3);
        s.meta.prompt = "a prompt with a unique marker QXZQXZ in it";
        const QString path = scratchDir(QStringLiteral("digest")) + "/session.h5";
        saveSession(s, path.toStdString());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QByteArray bytes = f.readAll();
        const qsizetype at = bytes.indexOf("QXZQXZ");
        QVERIFY(at > 0);
        bytes[at] = 'Y';
        f.seek(0);
        f.write(bytes);
        f.close();
        try {
            loadSession(path.toStdString());
            QFAIL("damaged text must be reported");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("text_digest"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSchema1)
#include "test_schema1.moc"
