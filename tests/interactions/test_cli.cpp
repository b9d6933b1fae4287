// `interlens decompose`: output fields and values for one and several models, every mode, and exit code 2
// with a clear message on bad input.
#include "cli/commands.h"
#include "common/fixtures.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

using namespace interlens;

namespace {

struct Run
{
    int code = 0;
    std::string out, err;
};

Run decompose(const QStringList& args)
{
    std::ostringstream out, err;
    auto* oldOut = std::cout.rdbuf(out.rdbuf());
    auto* oldErr = std::cerr.rdbuf(err.rdbuf());
    Run r;
    r.code = cli::runDecompose(args);
    std::cout.rdbuf(oldOut);
    std::cerr.rdbuf(oldErr);
    r.out = out.str();
    r.err = err.str();
    return r;
}

QString writeFile(const QString& dir, const QString& name, const std::string& text)
{
    const QString path = dir + QLatin1Char('/') + name;
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text.data(), static_cast<qint64>(text.size()));
    return path;
}

// v(S) = 2·[{0,1} ⊆ S] - 1.5·[{2,3} ∩ S ≠ ∅] + small noise, n = 4.
std::vector<double> game(double scale)
{
    std::vector<double> v(16);
    for (std::size_t s = 0; s < 16; ++s)
        v[s] = scale * (2.0 * ((s & 3) == 3) - 1.5 * ((s & 12) != 0)) + 0.001 * std::sin(double(s));
    v[0] = 0.0;
    return v;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void singleModes()
    {
        const QString dir = test::scratchDir(QStringLiteral("decompose"));
        const QString file =
            writeFile(dir, QStringLiteral("one.json"), nlohmann::json{{"n", 4}, {"v", game(1.0)}}.dump());
        for (const char* mode : {"exact", "reference", "solver"}) {
            const Run r =
                decompose({QStringLiteral("--game"), file, QStringLiteral("--mode"), QLatin1String(mode),
                           QStringLiteral("--iterations"), QStringLiteral("200")});
            QCOMPARE(r.code, 0);
            const auto j = nlohmann::json::parse(r.out);
            QCOMPARE(j.at("mode").get<std::string>(), std::string(mode));
            QCOMPARE(j.at("I_and").size(), std::size_t{16});
            QCOMPARE(j.at("I_or").size(), std::size_t{16});
            QCOMPARE(j.at("gamma").size(), std::size_t{16});
            QCOMPARE(j.at("q").size(), std::size_t{16});
            QVERIFY(j.at("loss").get<double>() > 0.0);
            qInfo() << mode << "loss" << j.at("loss").get<double>();
            if (std::string(mode) == "solver") {
                QVERIFY(j.at("gap").get<double>() <= 1e-5);
                QVERIFY(j.at("loss").get<double>() <= 3.5 + 1e-9); // planted L1 = 2 + 1.5
                // The planted AND {0,1} is the strongest interaction (bitmask 3).
                QVERIFY(std::abs(j.at("I_and")[3].get<double>()) > 1.8);
            } else {
                QVERIFY(j.at("gap").is_null());
            }
        }
        // exact: I_and_raw is the Harsanyi dividend of v; v(∅) = 0 so the {0,1} dividend is exactly 2 +
        // noise.
        const auto j = nlohmann::json::parse(
            decompose({QStringLiteral("--game"), file, QStringLiteral("--mode"), QStringLiteral("exact")})
                .out);
        QVERIFY(std::abs(j.at("I_and_raw")[3].get<double>() - 2.0) < 0.01);
    }

    void severalModels()
    {
        const QString dir = test::scratchDir(QStringLiteral("decompose-models"));
        const nlohmann::ordered_json models = {
            {"n", 4}, {"models", {{"B", game(1.0)}, {"A", game(0.8)}, {"C", game(1.2)}}}};
        const QString file = writeFile(dir, QStringLiteral("models.json"), models.dump());
        Run r = decompose({QStringLiteral("--game"), file});
        QCOMPARE(r.code, 0);
        auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j.at("pairing").get<std::string>(), std::string("pairwise"));
        QCOMPARE(j.at("pairs").size(), std::size_t{3});
        const auto& first = j.at("pairs")[0];
        QCOMPARE(first.at("models")[0].get<std::string>(), std::string("B")); // file order is kept
        QCOMPARE(first.at("models")[1].get<std::string>(), std::string("A"));
        QCOMPARE(first.at("results").at("A").at("I_and").size(), std::size_t{16});
        QCOMPARE(first.at("gamma_shared").size(), std::size_t{16});
        QVERIFY(first.at("gap").get<double>() >= 0.0);
        const double kappa = first.at("sharing").at("kappa").at("kappa").get<double>();
        QVERIFY(kappa >= 0.0 && kappa <= 1.0);

        r = decompose({QStringLiteral("--game"), file, QStringLiteral("--pairing"), QStringLiteral("all"),
                       QStringLiteral("--mode"), QStringLiteral("reference"), QStringLiteral("--iterations"),
                       QStringLiteral("100")});
        QCOMPARE(r.code, 0);
        j = nlohmann::json::parse(r.out);
        QCOMPARE(j.at("joint").at("results").size(), std::size_t{3});
        QCOMPARE(j.at("sharing").size(), std::size_t{3}); // every pair of the three models

        r = decompose(
            {QStringLiteral("--game"), file, QStringLiteral("--pairing"), QStringLiteral("independent")});
        QCOMPARE(r.code, 0);
        j = nlohmann::json::parse(r.out);
        QCOMPARE(j.at("results").size(), std::size_t{3});
        QCOMPARE(j.at("sharing").size(), std::size_t{3});
    }

    void identicalModelsShareEverything()
    {
        const QString dir = test::scratchDir(QStringLiteral("decompose-identical"));
        const nlohmann::json models = {{"n", 4}, {"models", {{"A", game(1.0)}, {"B", game(1.0)}}}};
        const QString file = writeFile(dir, QStringLiteral("identical.json"), models.dump());
        const Run r =
            decompose({QStringLiteral("--game"), file, QStringLiteral("--mode"), QStringLiteral("exact")});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out);
        const auto& kappa = j.at("sharing")[0].at("kappa");
        // The primary κ also counts the small non-salient interactions in its denominator; variant (b) does
        // not.
        QVERIFY(kappa.at("kappa").get<double>() > 0.99);
        QCOMPARE(kappa.at("salient_denominator").get<double>(), 1.0);
        QVERIFY(!j.at("sharing")[0].at("shared").at("shared").empty());
    }

    void badInput_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << QStringLiteral("{nope") << QStringLiteral("not valid JSON");
        QTest::newRow("wrong length")
            << QStringLiteral(R"({"n":3,"v":[0,1,2]})") << QStringLiteral("expected 2^n = 8");
        QTest::newRow("n too big") << QStringLiteral(R"({"n":25,"v":[]})") << QStringLiteral("out of range");
        QTest::newRow("no n") << QStringLiteral(R"({"v":[0,1]})") << QStringLiteral("\"n\"");
        QTest::newRow("string value") << QStringLiteral(R"({"n":1,"v":[0,"x"]})") << QStringLiteral("v[1]");
        QTest::newRow("both") << QStringLiteral(R"({"n":1,"v":[0,1],"models":{}})")
                              << QStringLiteral("exactly one");
        QTest::newRow("model length")
            << QStringLiteral(R"({"n":1,"models":{"A":[0,1],"B":[0]}})") << QStringLiteral("models.B");
    }

    void badInput()
    {
        QFETCH(QString, content);
        QFETCH(QString, expected);
        const QString dir = test::scratchDir(QStringLiteral("decompose-bad"));
        const QString file = writeFile(dir, QStringLiteral("bad.json"), content.toStdString());
        const Run r = decompose({QStringLiteral("--game"), file});
        qInfo() << "stderr:" << r.err.c_str();
        QCOMPARE(r.code, 2);
        QVERIFY(r.out.empty());
        QVERIFY(QString::fromStdString(r.err).contains(expected));
    }

    void badOptions()
    {
        const QString dir = test::scratchDir(QStringLiteral("decompose-opts"));
        const QString file =
            writeFile(dir, QStringLiteral("one.json"), nlohmann::json{{"n", 4}, {"v", game(1.0)}}.dump());
        QCOMPARE(decompose({QStringLiteral("--game"), file, QStringLiteral("--mode"), QStringLiteral("fast")})
                     .code,
                 2);
        QCOMPARE(
            decompose({QStringLiteral("--game"), file, QStringLiteral("--lr"), QStringLiteral("abc")}).code,
            2);
        QCOMPARE(decompose({QStringLiteral("--game"), dir + QStringLiteral("/missing.json")}).code, 2);
        QCOMPARE(decompose({}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
