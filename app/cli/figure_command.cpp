// interlens figure FILE.h5 --view NAME --out FILE.png|.pdf|.svg [--pair A,B] [--single] [--dpi N] [--size
// WxH{mm,in}] Draws one view of a session or study file without a display (offscreen platform, see main.cpp)
// through the GUI's own window and export function, so the file is what File ▸ Export View writes.

#include "cli/cli_support.h"
#include "cli/commands.h"

#include "common/error.h"
#include "main_window.h"
#include "session_controller.h"
#include "study/study_file.h"
#include "study_controller.h"
#include "study_view.h"
#include "view_export.h"

#include "coalition_table_view.h"
#include "kappa_graph_view.h"
#include "order_effect_plot.h"
#include "prompt_view.h"
#include "sparsity_plot.h"
#include "study_kappa_matrix.h"
#include "study_order_plot.h"
#include "study_shared_plot.h"

#include <QApplication>
#include <QFileInfo>

namespace interlens::cli {

namespace {

using ui::ExportableView;
using ui::MainWindow;

const QStringList kSessionViews{QStringLiteral("prompt"), QStringLiteral("order"), QStringLiteral("kappa"),
                                QStringLiteral("table"), QStringLiteral("sparsity")};
const QStringList kStudyViews{QStringLiteral("fig3"), QStringLiteral("fig4"), QStringLiteral("fig5")};

ExportableView* viewNamed(MainWindow& window, const QString& name)
{
    if (name == QLatin1String("prompt"))
        return window.promptView();
    if (name == QLatin1String("order"))
        return window.orderPlot();
    if (name == QLatin1String("kappa"))
        return window.kappaView();
    if (name == QLatin1String("table"))
        return window.tableView();
    if (name == QLatin1String("sparsity"))
        return window.sparsityPlot();
    if (name == QLatin1String("fig3"))
        return window.studyView()->orderPlot();
    if (name == QLatin1String("fig4"))
        return window.studyView()->sharedPlot();
    if (name == QLatin1String("fig5"))
        return window.studyView()->kappaMatrix();
    return nullptr;
}

std::pair<QString, QString> pairOption(const QString& text)
{
    const QStringList ids = text.split(QLatin1Char(','));
    if (ids.size() != 2 || ids[0].trimmed().isEmpty() || ids[1].trimmed().isEmpty())
        throw InputError("figure: --pair: expected two model ids as A,B, got '" + text.toStdString() + "'");
    return {ids[0].trimmed(), ids[1].trimmed()};
}

// The pair (A, B) in either order among the session's pairs with a joint extraction.
void selectSessionPair(MainWindow& window, const QString& text)
{
    const auto [a, b] = pairOption(text);
    const Session& session = *window.sessionController()->data().session;
    QStringList known;
    for (int i = 0; i < static_cast<int>(session.pairs.size()); ++i) {
        const PairResult& p = session.pairs[static_cast<size_t>(i)];
        const QString pa = QString::fromStdString(p.a), pb = QString::fromStdString(p.b);
        known << pa + QLatin1Char(',') + pb;
        if ((pa == a && pb == b) || (pa == b && pb == a)) {
            if (!ui::hasJointExtraction(session, i))
                throw InputError("figure: --pair " + text.toStdString() +
                                 ": the session has no joint-extraction vectors for this pair");
            window.sessionController()->setExtraction(i);
            return;
        }
    }
    throw InputError(
        "figure: --pair " + text.toStdString() + ": no such pair in the session (pairs: " +
        (known.isEmpty() ? std::string("none") : known.join(QStringLiteral("; ")).toStdString()) + ")");
}

void selectStudyPair(MainWindow& window, const QString& text)
{
    const auto [a, b] = pairOption(text);
    ui::StudyController* study = window.studyView()->controller();
    const QStringList ids = study->modelIds();
    const int ia = static_cast<int>(ids.indexOf(a)), ib = static_cast<int>(ids.indexOf(b));
    const int pair = ia >= 0 && ib >= 0 ? study->pairIndex(std::min(ia, ib), std::max(ia, ib)) : -1;
    if (pair < 0)
        throw InputError("figure: --pair " + text.toStdString() + ": the study's models are " +
                         ids.join(QStringLiteral(", ")).toStdString());
    study->selectPair(pair);
}

} // namespace

int runFigure(const QStringList& args)
{
    return guarded([&]() -> int {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral(
            "Exports one view of a session or study file exactly as the desktop application's Export does, "
            "without a display."));
        parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("Session or study file (.h5)."));
        parser.addOption(
            {QStringLiteral("view"),
             QStringLiteral(
                 "prompt | order | kappa | table | sparsity (a session), fig3 | fig4 | fig5 (a study)."),
             QStringLiteral("NAME")});
        parser.addOption({QStringLiteral("out"), QStringLiteral("Output file: .png, .pdf or .svg."),
                          QStringLiteral("FILE")});
        parser.addOption(
            {QStringLiteral("pair"),
             QStringLiteral("Model pair A,B: a session's joint extraction shown (default: its first pair), "
                            "or the study pair of Fig. 3 and 4."),
             QStringLiteral("A,B")});
        parser.addOption(
            {QStringLiteral("single"),
             QStringLiteral("Session views: show every model's single-model extraction (no shared marks).")});
        parser.addOption({QStringLiteral("dpi"), QStringLiteral("PNG resolution, 36 to 1200 (default 300)."),
                          QStringLiteral("N"), QStringLiteral("300")});
        parser.addOption(
            {QStringLiteral("size"),
             QStringLiteral("Physical size WxH with unit mm or in, e.g. 89x67mm (default: the view's "
                            "journal size, 89 or 183 mm wide)."),
             QStringLiteral("WxH")});
        parseOrThrow(parser, QStringLiteral("figure"), args);
        const QStringList files = parser.positionalArguments();
        if (files.size() != 1)
            throw InputError("figure: expected exactly one session or study file, got " +
                             std::to_string(files.size()));
        const QString file = files.front();
        const QString viewName = requiredValue(parser, QStringLiteral("view"));
        const QString out = requiredValue(parser, QStringLiteral("out"));
        if (!kSessionViews.contains(viewName) && !kStudyViews.contains(viewName))
            throw InputError("figure: --view: '" + viewName.toStdString() + "' is not one of " +
                             (kSessionViews + kStudyViews).join(QStringLiteral(", ")).toStdString());
        ui::ExportOptions options;
        if (!ui::formatFromSuffix(out, &options.format))
            throw InputError("figure: --out " + out.toStdString() +
                             ": the name must end in .png, .pdf or .svg");
        bool ok = false;
        options.dpi = parser.value(QStringLiteral("dpi")).toInt(&ok);
        if (!ok)
            throw InputError("figure: --dpi: '" + parser.value(QStringLiteral("dpi")).toStdString() +
                             "' is not a whole number");
        if (!QFileInfo::exists(file))
            throw InputError("figure: " + file.toStdString() + ": no such file");

        MainWindow window;
        window.setQuietErrors(true);
        window.resize(1600, 1000);
        window.show(); // laid out like on screen (the offscreen platform draws nothing)
        const bool study = isStudyFile(file.toStdString());
        if (study != kStudyViews.contains(viewName))
            throw InputError("figure: --view " + viewName.toStdString() + " shows " +
                             (study ? "a session" : "a study") + ", but " + file.toStdString() + " is " +
                             (study ? "a study file: use fig3, fig4 or fig5"
                                    : "a session file: use prompt, order, kappa, table or sparsity"));
        if (!(study ? window.openStudy(file, true) : window.openSession(file, true)))
            throw InputError("figure: " + window.lastError().toStdString());
        if (parser.isSet(QStringLiteral("single")) && parser.isSet(QStringLiteral("pair")) && !study)
            throw InputError("figure: --single and --pair name different extractions: give one");
        if (parser.isSet(QStringLiteral("pair")))
            study ? selectStudyPair(window, parser.value(QStringLiteral("pair")))
                  : selectSessionPair(window, parser.value(QStringLiteral("pair")));
        if (parser.isSet(QStringLiteral("single")) && !study)
            window.sessionController()->setExtraction(ui::kSingleModel);
        QApplication::processEvents();

        ExportableView* view = viewNamed(window, viewName);
        options.sizeMm = view->defaultSizeMm();
        if (parser.isSet(QStringLiteral("size"))) {
            QString error;
            if (!ui::parseSizeMm(parser.value(QStringLiteral("size")), &options.sizeMm, &error))
                throw InputError("figure: --size: " + error.toStdString());
        }
        QString error;
        if (!ui::exportView(*view, out, options, &error))
            throw InputError("figure: " + error.toStdString());
        printJson({{"file", out.toStdString()},
                   {"view", viewName.toStdString()},
                   {"size_mm", {options.sizeMm.width(), options.sizeMm.height()}},
                   {"dpi",
                    options.format == ui::ExportFormat::Png ? nlohmann::json(options.dpi) : nlohmann::json()},
                   {"caption", view->exportCaption().toStdString()}});
        return 0;
    });
}

} // namespace interlens::cli
