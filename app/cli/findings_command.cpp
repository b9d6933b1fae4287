#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "study/findings_report.h"
#include "study/study_file.h"
#include "study/study_findings.h"

#include <iostream>

namespace interlens::cli {

// interlens findings STUDY.h5 [--groups "strong:A,B;weak:C,D"] [--bootstrap N] [--seed S] [--json] [--out R]
int runFindings(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription("Tests the paper's findings on a study file: every pair's κ with a "
                                         "95 % bootstrap CI over prompts; "
                                         "F1 (sharing is common), F2 (stronger models share more: within the "
                                         "first group vs across groups, "
                                         "permutation p), F3 (shared interactions are lower-order and cancel "
                                         "less: Wilcoxon signed-rank over "
                                         "prompts), each with a verdict supported / refuted / inconclusive.");
        parser.addPositionalArgument("STUDY", "a study file (interlens study / merge)", "STUDY.h5");
        parser.addOption(
            {"groups", "model groups, the stronger first: \"strong:A,B;weak:C,D\" (model ids)", "G"});
        parser.addOption({"bootstrap", "bootstrap resamples of the prompts (default 2000)", "N", "2000"});
        parser.addOption({"seed", "seed of the bootstrap and of random permutations (default 0)", "S", "0"});
        parser.addOption({"json", "print the findings as JSON on stdout"});
        parser.addOption(
            {"out", "write a self-contained report: .md or .html (figures inline), or .json", "FILE"});
        parseOrThrow(parser, "findings", args);
        const QStringList files = parser.positionalArguments();
        if (files.size() != 1)
            throw InputError("findings: give one study file (interlens findings STUDY.h5)");
        const std::string path = files.front().toStdString();

        FindingsOptions options;
        bool ok = false;
        options.bootstrap = parser.value("bootstrap").toInt(&ok);
        if (!ok || options.bootstrap < 1)
            throw InputError(
                "--bootstrap: \"" + parser.value("bootstrap").toStdString() +
                "\" is not a whole number >= 1 (resamples for the confidence intervals, e.g. 2000)");
        options.seed = parser.value("seed").toULongLong(&ok);
        if (!ok)
            throw InputError("--seed: \"" + parser.value("seed").toStdString() +
                             "\" is not a whole number >= 0");
        if (parser.isSet("groups"))
            options.groups = parseModelGroups(parser.value("groups").toStdString());

        const Study study = loadStudy(path, false);
        const nlohmann::json findings = computeFindings(study, options, path);
        std::cerr << findings["protocol"]["certificate"]["statement"].get<std::string>() << "\n";
        for (const nlohmann::json& f : findings["findings"])
            std::cerr << f["id"].get<std::string>() << " " << f["verdict"].get<std::string>() << ": "
                      << f["statement"].get<std::string>() << "\n";
        if (parser.isSet("out")) {
            writeFindingsReport(findings, parser.value("out").toStdString());
            std::cerr << "wrote " << parser.value("out").toStdString() << "\n";
        }
        if (parser.isSet("json"))
            printJson(findings);
        return 0;
    });
}

} // namespace interlens::cli
