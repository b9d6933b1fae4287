// Findings of a study (issue 16): the statistics on textbook data with known answers, the findings on
// synthetic studies whose answers are known (identical models: κ = 1, F2 inconclusive; disjoint games: κ = 0;
// shared low-order and non-shared cancelling interactions: F3 supported), refusals of bad input (also as the
// CLI's exit code 2), and the findings JSON and reports on a real small study of the bundled KJV models.
#include "common/error.h"
#include "common/fixtures.h"
#include "study/findings_report.h"
#include "study/findings_stats.h"
#include "study/study_aggregate.h"
#include "study/study_certificate.h"
#include "study/study_file.h"
#include "study/study_findings.h"
#include "study/study_runner.h"
#include "study_test_util.h"

#include <QFile>
#include <QProcess>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace interlens;
using test::inputErrorOf;

namespace {

constexpr int kPlayers = 3;
constexpr std::size_t kMasks = 8;

// One model on one prompt: given interactions, v with u = v(N) - v(∅) = 1.
ModelResult modelRecord(const std::string& id, const std::vector<double>& iAnd,
                        const std::vector<double>& iOr)
{
    ModelResult m;
    m.id = id;
    m.targetRank = 0;
    m.u = 1.0;
    m.v.assign(kMasks, 0.0);
    m.v.back() = 1.0;
    m.iAnd = iAnd;
    m.iOr = iOr;
    return m;
}

// A study of `prompts` prompts whose model i has interactions games(i, x); the joint extraction of every pair
// is taken equal to the single-model one (what matters here is the statistics on top).
using Game = std::pair<std::vector<double>, std::vector<double>>;
Study syntheticStudy(std::size_t models, std::size_t prompts,
                     const std::function<Game(std::size_t, std::size_t)>& games)
{
    Study s;
    for (std::size_t i = 0; i < models; ++i)
        s.meta.models.push_back({"m" + std::to_string(i + 1), "", "", "", "", ""});
    s.meta.promptCount = static_cast<std::int64_t>(prompts);
    s.meta.complete = true;
    s.meta.runOptions = R"({"mode":"solver"})";
    for (std::size_t x = 0; x < prompts; ++x) {
        PromptRecord r;
        r.prompt.index = static_cast<std::int64_t>(x);
        r.prompt.id = "p" + std::to_string(x);
        r.status = PromptStatus::Done;
        r.playerWords = {"a", "b", "c"};
        for (std::size_t i = 0; i < models; ++i) {
            const Game g = games(i, x);
            r.models.push_back(modelRecord(s.meta.models[i].id, g.first, g.second));
        }
        for (std::size_t i = 0; i < models; ++i)
            for (std::size_t j = i + 1; j < models; ++j) {
                PairResult p;
                p.a = s.meta.models[i].id;
                p.b = s.meta.models[j].id;
                p.iAndA = r.models[i].iAnd;
                p.iOrA = r.models[i].iOr;
                p.iAndB = r.models[j].iAnd;
                p.iOrB = r.models[j].iOr;
                r.pairs.push_back(p);
            }
        s.prompts.push_back(r);
    }
    StudyAggregateOptions options;
    options.minUtility = 0.5;
    s.meta.aggregateOptions = aggregateOptionsJson(options);
    s.aggregate = aggregateStudy(s.meta, s.prompts, options);
    return s;
}

const nlohmann::json& finding(const nlohmann::json& f, const char* id)
{
    for (const nlohmann::json& x : f["findings"])
        if (x["id"] == id)
            return x;
    throw std::runtime_error("no finding");
}

std::vector<double> zeros()
{
    return std::vector<double>(kMasks, 0.0);
}

QString sourceDir()
{
    return QStringLiteral(INTERLENS_SOURCE_DIR);
}

} // namespace

class TestFindings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wilcoxonMatchesTextbookExamples()
    {
        // scipy.stats.wilcoxon's documented example (Fisher's data): W = 24, exact two-sided p =
        // 0.041259765625.
        const std::vector<double> darwin = {6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
        const WilcoxonResult a = wilcoxonSignedRank(darwin);
        QVERIFY(a.exact);
        QCOMPARE(a.n, std::size_t{15});
        QCOMPARE(a.statistic, 24.0);
        QCOMPARE(a.wPlus, 96.0);
        QVERIFY(std::abs(a.p - 0.041259765625) < 1e-12);
        QVERIFY(std::abs(a.rankBiserial - 0.6) < 1e-12); // (96 - 24) / 120
        // R's ?wilcox.test paired example (depression scores x - y): V = 40, p = 0.03906 (= 20/512).
        const std::vector<double> x = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
        const std::vector<double> y = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
        std::vector<double> d;
        for (std::size_t k = 0; k < x.size(); ++k)
            d.push_back(x[k] - y[k]);
        const WilcoxonResult b = wilcoxonSignedRank(d);
        QCOMPARE(b.wPlus, 40.0);
        QVERIFY(std::abs(b.p - 20.0 / 512.0) < 1e-12);
        // Zeros are dropped; every difference of one sign: p = 2 / 2^n.
        const WilcoxonResult c = wilcoxonSignedRank(std::vector<double>{0.0, -1.0, -2.0, -3.0, -4.0, -5.0});
        QCOMPARE(c.n, std::size_t{5});
        QVERIFY(std::abs(c.p - 2.0 / 32.0) < 1e-12);
        QCOMPARE(c.rankBiserial, -1.0);
        // Normal approximation (n = 30 > 25): 1..30, W+ = 465, z = (465 - 232.5 - 0.5) / sqrt(2363.75).
        std::vector<double> up;
        for (int k = 1; k <= 30; ++k)
            up.push_back(k);
        const WilcoxonResult e = wilcoxonSignedRank(up);
        QVERIFY(!e.exact);
        QVERIFY(std::abs(e.z - 4.771854730335432) < 1e-9);
        QVERIFY(std::abs(e.p - 1.825371456361214e-06) < 1e-12);
        // With ties: ten each of 1, 2, -3: W+ = 210, variance 2363.75 - 3·990/48 = 2301.875, p = 0.64656...
        std::vector<double> tied;
        for (double v : {1.0, 2.0, -3.0})
            for (int k = 0; k < 10; ++k)
                tied.push_back(v);
        const WilcoxonResult t = wilcoxonSignedRank(tied);
        QCOMPARE(t.wPlus, 210.0);
        QVERIFY(std::abs(t.p - 0.6465610538419846) < 1e-9);
    }

    void bootstrapAndPermutationGiveKnownAnswers()
    {
        std::vector<double> ramp;
        for (int k = 0; k <= 100; ++k)
            ramp.push_back(k);
        const auto ci = percentileInterval(ramp);
        QCOMPARE(ci.first, 2.5);
        QCOMPARE(ci.second, 97.5);
        // A constant statistic has a zero-width interval; the resample sizes always sum to the unit count.
        const std::vector<double> reps = bootstrapReplicates(7, 200, 1, [](const std::vector<double>& w) {
            double total = 0.0;
            for (double c : w)
                total += c;
            return total;
        });
        QCOMPARE(reps.size(), std::size_t{200});
        QCOMPARE(percentileInterval(reps), std::make_pair(7.0, 7.0));
        // The same seed repeats the same replicates.
        const auto mean = [&](const std::vector<double>& w) {
            double s = 0.0;
            for (std::size_t k = 0; k < w.size(); ++k)
                s += w[k] * ramp[k];
            return s / 101.0;
        };
        QCOMPARE(bootstrapReplicates(101, 50, 3, mean), bootstrapReplicates(101, 50, 3, mean));
        // Four items in two groups of two: 6 relabellings; the observed one is the only maximum: p = 1/6.
        const std::vector<double> score = {3.0, 2.0, 1.0, 0.0};
        const auto firstGroupSum = [&](const std::vector<int>& labels) {
            double s = 0.0;
            for (std::size_t k = 0; k < labels.size(); ++k)
                s += labels[k] == 0 ? score[k] : 0.0;
            return s;
        };
        const PermutationResult p = permutationTest({0, 0, 1, 1}, firstGroupSum);
        QVERIFY(p.exact);
        QCOMPARE(p.permutations, std::size_t{6});
        QVERIFY(std::abs(p.p - 1.0 / 6.0) < 1e-12);
        QVERIFY(std::abs(p.smallestP - 1.0 / 6.0) < 1e-12);
        // Items in no group (-1) stay put: 3 relabellings of the other three.
        QCOMPARE(permutationTest({0, -1, 0, 1}, firstGroupSum).permutations, std::size_t{3});
    }

    void identicalModelsShareEverything()
    {
        const Study s = syntheticStudy(4, 8, [](std::size_t, std::size_t x) {
            std::vector<double> a = zeros(), o = zeros();
            a[1] = 0.6 + 0.05 * static_cast<double>(x);
            a[6] = -0.3;
            o[7] = 0.4;
            return Game{a, o};
        });
        FindingsOptions options;
        options.bootstrap = 300;
        options.groups = parseModelGroups("strong:m1,m2;weak:m3,m4");
        const nlohmann::json f = computeFindings(s, options, "identical.h5");
        QCOMPARE(f["pairs"].size(), std::size_t{6});
        for (const nlohmann::json& p : f["pairs"]) {
            QCOMPARE(p["kappa"].get<double>(), 1.0);
            QCOMPARE(p["kappa_ci"][0].get<double>(), 1.0);
            QCOMPARE(p["kappa_ci"][1].get<double>(), 1.0);
            QCOMPARE(p["prompts"].get<int>(), 8);
        }
        QCOMPARE(finding(f, "F1")["verdict"].get<std::string>(), std::string("supported"));
        const nlohmann::json& f2 = finding(f, "F2");
        QCOMPARE(f2["verdict"].get<std::string>(), std::string("inconclusive"));
        QCOMPARE(f2["difference"].get<double>(), 0.0);
        QCOMPARE(f2["permutation"]["p"].get<double>(), 1.0); // every relabelling ties
        // The per-prompt terms give back the aggregate's pooled κ.
        QCOMPARE(s.aggregate.children.at("pairs").children.at("m1__m2").scalars.at("kappa"), 1.0);
        // Without groups F2 says so.
        options.groups.clear();
        const std::string statement = finding(computeFindings(s, options, "identical.h5"), "F2")["statement"];
        QVERIFY2(statement.find("inconclusive: no groups") == 0, statement.c_str());
    }

    void disjointGamesShareNothing()
    {
        const Study s = syntheticStudy(2, 6, [](std::size_t i, std::size_t) {
            std::vector<double> a = zeros(), o = zeros();
            if (i == 0) {
                a[1] = 0.7;
                a[3] = 0.3;
            } else {
                a[2] = 0.5;
                o[6] = 0.5;
            }
            return Game{a, o};
        });
        FindingsOptions options;
        options.bootstrap = 200;
        const nlohmann::json f = computeFindings(s, options, "disjoint.h5");
        QVERIFY(std::abs(f["pairs"][0]["kappa"].get<double>()) < 1e-12);
        QVERIFY(std::abs(f["pairs"][0]["kappa_ci"][1].get<double>()) < 1e-12);
        QCOMPARE(finding(f, "F1")["verdict"].get<std::string>(), std::string("refuted"));
        QCOMPARE(f["pairs"][0]["variants"]["overlap"]["value"].get<double>(), 0.0);
    }

    void sharedLowOrderAndCancellingNonSharedSupportF3()
    {
        // Shared: one order-1 AND term (no cancellation). Non-shared: order 3 and 2 of opposite signs in A,
        // an order-2 OR pair of opposite signs in B: mean order 2.5 / 2 > 1 and cancellation > 0 on every
        // prompt.
        const Study s = syntheticStudy(2, 7, [](std::size_t i, std::size_t x) {
            std::vector<double> a = zeros(), o = zeros();
            a[1] = 1.0 + 0.1 * static_cast<double>(x);
            if (i == 0) {
                a[7] = 0.5;
                a[6] = -0.4;
            } else {
                o[3] = 0.5;
                o[5] = -0.3;
            }
            return Game{a, o};
        });
        FindingsOptions options;
        options.bootstrap = 200;
        const nlohmann::json f3 = finding(computeFindings(s, options, "f3.h5"), "F3");
        QCOMPARE(f3["verdict"].get<std::string>(), std::string("supported"));
        QCOMPARE(f3["order"]["wilcoxon"]["n"].get<int>(), 7);
        QVERIFY(std::abs(f3["order"]["wilcoxon"]["p"].get<double>() - 2.0 / 128.0) < 1e-12);
        QCOMPARE(f3["order"]["mean_shared"].get<double>(), 1.0);
        QCOMPARE(f3["order"]["mean_non_shared"].get<double>(), 2.25); // (2.5 + 2) / 2
        QCOMPARE(f3["cancellation"]["mean_shared"].get<double>(), 0.0);
        QVERIFY(f3["cancellation"]["mean_non_shared"].get<double>() > 0.5);
        QCOMPARE(f3["cancellation"]["effect_size_rank_biserial"].get<double>(), -1.0);
    }

    void topOneFilterPerPairKeepsWhatEachPairCanCompare()
    {
        Study s = syntheticStudy(3, 4, [](std::size_t, std::size_t) {
            std::vector<double> a = zeros();
            a[1] = 1.0;
            return Game{a, zeros()};
        });
        s.prompts[0].models[2].targetRank = 4; // m3 misses the target on prompt 0
        StudyAggregateOptions perPair;
        perPair.minUtility = 0.5;
        StudyAggregateOptions all = perPair;
        all.top1 = "all";
        const AggNode pair = aggregateStudy(s.meta, s.prompts, perPair);
        const AggNode every = aggregateStudy(s.meta, s.prompts, all);
        QCOMPARE(pair.scalars.at("kept"), 4.0);
        QCOMPARE(every.scalars.at("kept"), 3.0);
        QCOMPARE(pair.children.at("pairs").children.at("m1__m2").scalars.at("prompts"), 4.0);
        QCOMPARE(pair.children.at("pairs").children.at("m1__m3").scalars.at("prompts"), 3.0);
        QCOMPARE(every.children.at("pairs").children.at("m1__m2").scalars.at("prompts"), 3.0);
        QCOMPARE(pair.children.at("models").children.at("m3").scalars.at("prompts"), 3.0);
        QCOMPARE(
            pair.children.at("pairs").children.at("m1__m2").children.at("per_prompt").vectors.at("index"),
            (std::vector<double>{0, 1, 2, 3}));
        QCOMPARE(aggregateOptionsFromJson(aggregateOptionsJson(all)).top1, std::string("all"));
        QCOMPARE(aggregateOptionsFromJson(R"({"min_utility": 1})").top1, std::string("all")); // older files
    }

    void certificateIsStatedAndNonConvergenceNamed()
    {
        // 3 models x 6 prompts: 18 single-model and 18 joint extractions, one joint one above the tolerance.
        Study s = syntheticStudy(3, 6, [](std::size_t i, std::size_t x) {
            std::vector<double> a = zeros();
            a[1] = 0.5 + 0.1 * static_cast<double>(i + x);
            a[3] = 0.4;
            return Game{a, zeros()};
        });
        s.meta.runOptions =
            R"({"baseline":"mean","mode":"solver","request":{"joint.tolerance":"1e-06","single.tolerance":"1e-06"}})";
        for (PromptRecord& r : s.prompts) {
            for (ModelResult& m : r.models)
                m.certificate = SolverCertificate{2.0, 2.0, 1e-7, true};
            for (PairResult& p : r.pairs)
                p.certificate = SolverCertificate{2.0, 2.0, 0.0, true};
        }
        s.prompts[4].pairs[1].certificate = SolverCertificate{2.0, 1.8, 0.2, false}; // gap / |loss| = 0.1
        FindingsOptions options;
        options.bootstrap = 20;
        const nlohmann::json f = computeFindings(s, options, "s.h5");
        const nlohmann::json& c = f["protocol"]["certificate"];
        QCOMPARE(c["mode"].get<std::string>(), std::string("solver"));
        QCOMPARE(c["baseline"].get<std::string>(), std::string("mean"));
        QCOMPARE(c["tolerance"]["joint"].get<double>(), 1e-6);
        QCOMPARE(c["extraction"]["kappa"].get<std::string>(), std::string("joint"));
        QCOMPARE(c["extraction"]["independent_kappa"].get<std::string>(), std::string("single"));
        QCOMPARE(c["single"]["extractions"].get<int>(), 18);
        QCOMPARE(c["single"]["not_converged"].get<int>(), 0);
        QCOMPARE(c["single"]["max_relative_gap"].get<double>(), 0.5e-7);
        QCOMPARE(c["joint"]["extractions"].get<int>(), 18);
        QCOMPARE(c["joint"]["not_converged"].get<int>(), 1);
        QCOMPARE(c["joint"]["max_relative_gap"].get<double>(), 0.1);
        QCOMPARE(c["pairs"][1]["a"].get<std::string>(), std::string("m1"));
        QCOMPARE(c["pairs"][1]["b"].get<std::string>(), std::string("m3"));
        QVERIFY(c["pairs"][1]["not_converged_prompts"] == nlohmann::json::array({"p4"}));
        QVERIFY(c["pairs"][0]["not_converged_prompts"] == nlohmann::json::array());
        const std::string statement = c["statement"];
        for (const char* needle :
             {"solver mode, baseline mean", "all 18 single-model extractions converged",
              "1 of 18 joint extractions did not converge (max gap 0.1)", "m1 / m3: p4", "they are included"})
            QVERIFY2(statement.find(needle) != std::string::npos, statement.c_str());
        for (const char* id : {"F1", "F3"}) {
            const nlohmann::json& x = finding(f, id);
            QCOMPARE(x["extractions"]["not_converged"].get<int>(), 1);
            const std::string text = x["statement"];
            QVERIFY2(
                text.find("; 1 of 18 joint extractions did not converge (max gap 0.1); they are included") !=
                    std::string::npos,
                text.c_str());
        }
        QVERIFY(!finding(f, "F2").contains("extractions")); // no groups: F2 uses no pair
        QVERIFY(findingsMarkdown(f).find(statement) != std::string::npos);
        QCOMPARE(certificateSummaryText(studyCertificate(s)),
                 std::string("1 extraction did not converge (max gap 0.1)"));

        // Reference mode (the lab's SGD) has no certificate: said so, no gap invented, nothing "not
        // converged".
        s.meta.runOptions = R"({"baseline":"mean","mode":"reference"})";
        for (PromptRecord& r : s.prompts) {
            for (ModelResult& m : r.models)
                m.certificate = SolverCertificate{2.0, kNotRecorded, kNotRecorded, false};
            for (PairResult& p : r.pairs)
                p.certificate = SolverCertificate{2.0, kNotRecorded, kNotRecorded, false};
        }
        const nlohmann::json ref = computeFindings(s, options, "s.h5");
        const nlohmann::json& rc = ref["protocol"]["certificate"];
        QVERIFY(rc["joint"]["not_converged"].is_null());
        QVERIFY(rc["joint"]["max_relative_gap"].is_null());
        QCOMPARE(rc["joint"]["uncertified"].get<int>(), 18);
        const std::string refStatement = rc["statement"];
        QVERIFY2(refStatement.find("No certificate: reference mode") != std::string::npos,
                 refStatement.c_str());
        QVERIFY(finding(ref, "F1")["statement"].get<std::string>().find("converge") == std::string::npos);
        QCOMPARE(certificateSummaryText(studyCertificate(s)), std::string("no certificate: reference mode"));
    }

    void refusesBadInput()
    {
        const auto game = [](std::size_t, std::size_t) {
            std::vector<double> a = zeros();
            a[1] = 1.0;
            return Game{a, zeros()};
        };
        const Study s = syntheticStudy(4, 3, game);
        FindingsOptions options;
        options.bootstrap = 10;
        options.groups = parseModelGroups("strong:m1,m9;weak:m3,m4");
        const std::string unknown = inputErrorOf([&] { computeFindings(s, options, "s.h5"); });
        QVERIFY2(unknown.find("has no model \"m9\"") != std::string::npos, unknown.c_str());
        QVERIFY2(unknown.find("m1, m2, m3, m4") != std::string::npos, unknown.c_str());
        options.groups = parseModelGroups("strong:m1;weak:m3,m4");
        const std::string single = inputErrorOf([&] { computeFindings(s, options, "s.h5"); });
        QVERIFY2(single.find("group \"strong\" has 1 model") != std::string::npos, single.c_str());
        options.groups.clear();
        options.bootstrap = 0;
        QVERIFY(inputErrorOf([&] { computeFindings(s, options, "s.h5"); }).find("--bootstrap") !=
                std::string::npos);
        QVERIFY(inputErrorOf([] { parseModelGroups("strong=m1"); }).find("NAME:MODEL") != std::string::npos);

        Study none = s;
        for (PromptRecord& r : none.prompts) {
            r.status = PromptStatus::Skipped;
            r.filter = "top1";
        }
        none.aggregate = aggregateStudy(none.meta, none.prompts, StudyAggregateOptions{});
        options.bootstrap = 10;
        const std::string empty = inputErrorOf([&] { computeFindings(none, options, "none.h5"); });
        QVERIFY2(empty.find("none.h5") != std::string::npos &&
                     empty.find("keeps no prompt") != std::string::npos &&
                     empty.find("top1 3") != std::string::npos,
                 empty.c_str());

        // The command line: exit 2 with the message on stderr.
        const QString dir = test::scratchDir("findings_cli");
        const std::string path = (dir + "/none.h5").toStdString();
        saveStudy(none, path);
        const auto run = [&](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(INTERLENS_BINARY), QStringList{"findings"} + args);
            p.waitForFinished(60000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        const auto [code, message] = run({QString::fromStdString(path)});
        QCOMPARE(code, 2);
        QVERIFY2(message.contains("keeps no prompt"), qPrintable(message));
        const auto [zeroCode, zeroMessage] = run({QString::fromStdString(path), "--bootstrap", "0"});
        QCOMPARE(zeroCode, 2);
        QVERIFY2(zeroMessage.contains("--bootstrap"), qPrintable(zeroMessage));
    }

    void findingsOfARealStudyOfTheBundledModels()
    {
        // Three KJV prompts x the four bundled checkpoints, n = 4 players, mean baseline, solver: seconds.
        const QString dir = test::scratchDir("findings_real");
        const std::string prompts = (dir + "/kjv3.jsonl").toStdString();
        {
            QFile in(sourceDir() + "/resources/prompts/study_kjv.jsonl");
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(QString::fromStdString(prompts));
            QVERIFY(out.open(QIODevice::WriteOnly));
            for (int k = 0; k < 3; ++k)
                out.write(in.readLine());
        }
        StudyRequest request;
        request.promptsFile = prompts;
        request.outPath = (dir + "/kjv.h5").toStdString();
        for (const char* m : {"gpt2-kjv-early", "gpt2-kjv-late", "llama-kjv-early", "llama-kjv-late"})
            request.run.modelDirs.push_back((sourceDir() + "/resources/models/" + m).toStdString());
        request.run.players = 4;
        request.run.scoreAll = true;
        request.aggregate.minUtility = 0.0;
        request.aggregate.requireTop1 = false; // a pair keeps every scored prompt: the test sees six pairs
        request.threads = 2;
        QVERIFY(runStudy(request).complete);
        const Study study = loadStudy(request.outPath, false);
        FindingsOptions options;
        options.bootstrap = 200;
        options.groups =
            parseModelGroups("late:gpt2-kjv-late,llama-kjv-late;early:gpt2-kjv-early,llama-kjv-early");
        const nlohmann::json f = computeFindings(study, options, request.outPath);
        QCOMPARE(f["pairs"].size(), std::size_t{6});
        const AggNode& aggPairs = study.aggregate.children.at("pairs");
        for (const nlohmann::json& p : f["pairs"]) {
            const double kappa = p["kappa"].get<double>();
            QVERIFY(kappa >= 0.0 && kappa <= 1.0);
            QVERIFY(p["kappa_ci"][0].get<double>() <= p["kappa_ci"][1].get<double>());
            QVERIFY(p["variants"].contains("overlap"));
            // The per-prompt terms reproduce the aggregate's pooled κ.
            const double pooled =
                aggPairs.children.at(p["a"].get<std::string>() + "__" + p["b"].get<std::string>())
                    .scalars.at("kappa");
            QVERIFY2(std::abs(pooled - kappa) < 1e-9, qPrintable(QString("%1 vs %2").arg(pooled).arg(kappa)));
        }
        QCOMPARE(f["findings"].size(), std::size_t{3});
        for (const nlohmann::json& x : f["findings"]) {
            const std::string verdict = x["verdict"];
            QVERIFY(verdict == "supported" || verdict == "refuted" || verdict == "inconclusive");
            QVERIFY(!x["statement"].get<std::string>().empty());
        }
        QCOMPARE(finding(f, "F2")["permutation"]["permutations"].get<int>(), 6);
        // The certificate: every scored prompt's single-model and joint extractions, all converged (the exact
        // LP at n = 4 always finishes).
        const nlohmann::json& cert = f["protocol"]["certificate"];
        std::size_t jointExtractions = 0;
        for (const nlohmann::json& p : f["pairs"])
            jointExtractions += p["prompts"].get<std::size_t>();
        QCOMPARE(cert["mode"].get<std::string>(), std::string("solver"));
        QCOMPARE(cert["single"]["extractions"].get<std::size_t>(), 4 * study.prompts.size());
        QCOMPARE(cert["joint"]["extractions"].get<std::size_t>(), jointExtractions);
        QCOMPARE(cert["single"]["not_converged"].get<int>(), 0);
        QCOMPARE(cert["joint"]["not_converged"].get<int>(), 0);
        QVERIFY(cert["joint"]["max_relative_gap"].get<double>() <= cert["tolerance"]["joint"].get<double>());
        QVERIFY(!finding(f, "F1")["statement"].get<std::string>().empty());
        QCOMPARE(finding(f, "F1")["extractions"]["not_converged"].get<int>(), 0);
        QCOMPARE(f["paper_kappa_range"][0].get<double>(), 0.6099);
        // Reports: self-contained (figures inline), one per format.
        for (const char* name : {"/report.md", "/report.html", "/report.json"}) {
            const std::string out = (dir + name).toStdString();
            writeFindingsReport(f, out);
            QVERIFY(std::filesystem::file_size(out) > 500);
        }
        QFile html(dir + "/report.html");
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray text = html.readAll();
        QVERIFY(text.contains("<svg") && text.contains("F3") && text.contains("60.99"));
        QVERIFY(inputErrorOf([&] {
                    writeFindingsReport(f, (dir + "/report.pdf").toStdString());
                }).find(".md") != std::string::npos);
        QFile md(dir + "/report.md");
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString mdText = QString::fromUtf8(md.readAll());
        QVERIFY2(mdText.contains(QString("all %1 joint extractions converged").arg(jointExtractions)) &&
                     !mdText.contains("did not converge"),
                 qPrintable(mdText.left(1200)));

        // A copy with three extractions marked as stopped above the tolerance (through the store API: the
        // exact LP does not stop early at n = 4): two joint (relative gaps 0.25 and 0.05), one single (0.01).
        Study crafted = loadStudy(request.outPath, true);
        const auto stopEarly = [](std::optional<SolverCertificate>& c, double relativeGap) {
            QVERIFY(c.has_value());
            const double gap = relativeGap * std::max(1.0, std::abs(c->loss));
            c = SolverCertificate{c->loss, c->loss - gap, gap, false};
        };
        stopEarly(crafted.prompts[0].pairs[0].certificate, 0.25);
        stopEarly(crafted.prompts[1].pairs[2].certificate, 0.05);
        stopEarly(crafted.prompts[2].models[1].certificate, 0.01);
        crafted.aggregate = aggregateStudy(crafted.meta, crafted.prompts,
                                           aggregateOptionsFromJson(crafted.meta.aggregateOptions));
        const QString craftedPath = dir + "/crafted.h5";
        saveStudy(crafted, craftedPath.toStdString());

        const auto run = [](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(INTERLENS_BINARY), args);
            p.waitForFinished(120000);
            return std::make_tuple(p.exitCode(), p.readAllStandardOutput(),
                                   QString::fromUtf8(p.readAllStandardError()));
        };
        const auto [code, out, err] =
            run({"findings", craftedPath, "--json", "--bootstrap", "50", "--out", dir + "/crafted.md"});
        QCOMPARE(code, 0);
        const nlohmann::json g = nlohmann::json::parse(out.toStdString());
        const nlohmann::json& gc = g["protocol"]["certificate"];
        QCOMPARE(gc["joint"]["not_converged"].get<int>(), 2);
        QCOMPARE(gc["single"]["not_converged"].get<int>(), 1);
        QVERIFY(std::abs(gc["joint"]["max_relative_gap"].get<double>() - 0.25) < 1e-12);
        QVERIFY(gc["pairs"][0]["not_converged_prompts"] ==
                nlohmann::json::array({crafted.prompts[0].prompt.id}));
        QVERIFY(gc["pairs"][2]["not_converged_prompts"] ==
                nlohmann::json::array({crafted.prompts[1].prompt.id}));
        const std::string note =
            "2 of " + std::to_string(jointExtractions) + " joint extractions did not converge (max gap 0.25)";
        // F2 compares groups of pairs: without --groups it has no extractions to speak for, so no note.
        for (const char* id : {"F1", "F3"}) {
            const std::string text = finding(g, id)["statement"];
            QVERIFY2(text.find(note + "; they are included") != std::string::npos, text.c_str());
        }
        QVERIFY2(err.contains(QString::fromStdString(note)), qPrintable(err));
        QFile craftedMd(dir + "/crafted.md");
        QVERIFY(craftedMd.open(QIODevice::ReadOnly));
        const QString craftedText = QString::fromUtf8(craftedMd.readAll());
        QVERIFY2(craftedText.contains(QString::fromStdString(note)) &&
                     craftedText.contains("1 of " + QString::number(4 * study.prompts.size()) +
                                          " single-model extractions did not converge (max gap 0.01)") &&
                     craftedText.contains("they are included"),
                 qPrintable(craftedText.left(1500)));

        // The summary line of study and merge (one function) counts them; a converged study says nothing.
        const auto [mergeCode, mergeOut, mergeErr] = run({"merge", craftedPath, "--out", dir + "/merged.h5"});
        QCOMPARE(mergeCode, 0);
        QVERIFY2(mergeErr.contains("complete, 3 extractions did not converge (max gap 0.25)"),
                 qPrintable(mergeErr));
        const auto [okCode, okOut, okErr] =
            run({"merge", QString::fromStdString(request.outPath), "--out", dir + "/merged-ok.h5"});
        QCOMPARE(okCode, 0);
        QVERIFY2(okErr.contains("complete") && !okErr.contains("converge"), qPrintable(okErr));
    }
};

QTEST_GUILESS_MAIN(TestFindings)
#include "test_findings.moc"
