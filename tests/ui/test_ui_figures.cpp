// Figures that never mislead (issue 17, 16.2): every view's export keeps its look at 96 and 300 DPI and in
// PDF (poppler and Ghostscript), vector stays vector with embedded fonts, κ labels never collide, colours
// follow the model id, the views show one extraction at a time, `interlens figure` writes what the GUI
// exports, and the left panel tells the truth (restore, out-of-date mark, honest input dialogs), at 1280×800.
#include "common/fixtures.h"
#include "figure_caption.h"
#include "image_diff.h"
#include "interactive_plot.h"
#include "kappa_graph_view.h"
#include "main_window.h"
#include "model_list_model.h"
#include "prediction_worker.h"
#include "prompt_editor.h"
#include "prompt_view.h"
#include "run_panel.h"
#include "session_controller.h"
#include "store/session_file.h"
#include "study_controller.h"
#include "study_kappa_matrix.h"
#include "study_prompt_model.h"
#include "study_test_util.h"
#include "study_view.h"
#include "target_picker.h"
#include "ui_test_util.h"
#include "view_export.h"
#include "view_style.h"
#include "views_header.h"

#include "export_dialog.h"
#include "exportable_view.h"
#include "qcp.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QBrush>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPolygonF>
#include <QProcess>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTransform>

#include <cmath>
#include <set>

using namespace interlens;
using namespace interlens::ui;

namespace {

Session neverRun(const ExplainRequest&, const RunControl&)
{
    throw std::runtime_error("the figure tests do not run models");
}

// Joint-extraction vectors for every pair of a synthetic session (the single-model ones scaled and shifted,
// so that a view showing the wrong extraction shows different numbers).
Session withJointVectors(Session s)
{
    for (PairResult& p : s.pairs)
        for (const int role : {0, 1}) {
            const ModelResult& m = *s.findModel(role == 0 ? p.a : p.b);
            std::vector<double> iAnd = m.iAnd, iOr = m.iOr;
            for (double& x : iAnd)
                x = 0.5 * x + 0.01;
            for (double& x : iOr)
                x = 0.5 * x;
            (role == 0 ? p.iAndA : p.iAndB) = iAnd;
            (role == 0 ? p.iOrA : p.iOrB) = iOr;
        }
    return s;
}

QImage exported(ExportableView& view, const QString& path, ExportFormat format, int dpi)
{
    ExportOptions options;
    options.format = format;
    options.dpi = dpi;
    options.sizeMm = view.defaultSizeMm();
    QString error;
    if (!exportView(view, path, options, &error))
        qWarning("%s", qPrintable(error));
    return format == ExportFormat::Png ? QImage(path) : QImage();
}

// A κ graph name or label outside `size`, over another one or over a node ("" when none is).
QString kappaCollision(const KappaLayout& layout, const QSizeF& size)
{
    std::vector<QRectF> boxes = layout.names; // names first, then labels
    boxes.insert(boxes.end(), layout.labels.begin(), layout.labels.end());
    for (size_t i = 0; i < boxes.size(); ++i) {
        const QString what = i < layout.names.size()
                                 ? QStringLiteral("name %1").arg(i)
                                 : QStringLiteral("label %1").arg(i - layout.names.size());
        if (!QRectF(QPointF(0, 0), size).contains(boxes[i]))
            return what + " outside";
        for (size_t j = i + 1; j < boxes.size(); ++j)
            if (boxes[i].intersects(boxes[j]))
                return QStringLiteral("boxes %1, %2 overlap").arg(i).arg(j);
        for (const QPointF& node : layout.nodes)
            if (rectTouchesDisc(boxes[i], node, layout.radius))
                return what + " on a node";
    }
    return {};
}

// The outlines of `axis`'s tick labels as drawn (turned by the axis's label rotation about their anchor), in
// plot pixels; only their shapes and distances matter for whether neighbours overlap.
std::vector<QPolygonF> tickLabelShapes(const QCPAxis* axis)
{
    std::vector<QPolygonF> shapes;
    const QFontMetricsF metrics(axis->tickLabelFont());
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    // A power of ten is drawn as "10" with a raised exponent: about 1.3 lines high.
    const double height = metrics.height() * (axis->scaleType() == QCPAxis::stLogarithmic ? 1.3 : 1.0);
    for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
        const double at = axis->coordToPixel(ticks[i]);
        const double width = metrics.horizontalAdvance(labels[i]);
        QTransform turn;
        if (horizontal)
            turn.translate(at, 0).rotate(axis->tickLabelRotation());
        else
            turn.translate(0, at);
        shapes.push_back(
            turn.map(QPolygonF(QRectF(horizontal ? -width / 2 : -width, -height / 2, width, height))));
    }
    return shapes;
}

} // namespace

class TestUiFigures : public QObject
{
    Q_OBJECT

    QString m_dir;
    QString m_study;   // a real study of three tiny models
    QString m_session; // one of its prompts as a session (with joint-extraction vectors)
    QStringList m_modelDirs;

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("InterlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_figures"));
        qputenv("INTERLENS_RESOURCES",
                test::scratchDir(QStringLiteral("no_resources")).toUtf8()); // no bundled models
        m_dir = test::scratchDir(QStringLiteral("ui_figures"));
        const StudyRequest request = test::runTinyStudy(m_dir);
        for (const std::string& dir : request.run.modelDirs)
            m_modelDirs << QString::fromStdString(dir);
        m_study = QString::fromStdString(request.outPath);
        StudyController controller;
        QString error;
        QVERIFY2(controller.open(m_study, &error), qPrintable(error));
        std::shared_ptr<const Session> session;
        for (int row = 0; row < static_cast<int>(controller.study().prompts.size()) && !session; ++row)
            if (controller.study().prompts[row].status == PromptStatus::Done)
                session = controller.promptSession(row, &error);
        QVERIFY2(session, qPrintable(error));
        m_session = m_dir + "/session.h5";
        saveSession(*session, m_session.toStdString());
    }

    // Text keeps its physical size: the 300-DPI PNG scaled down to the 96-DPI PNG looks the same.
    void everyViewLooksTheSameAtEveryDpi()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        QVERIFY(window.openStudy(m_study, true));
        QVERIFY(window.openSession(m_session, true));
        for (ExportableView* view : window.exportableViews()) {
            const QString base = m_dir + "/dpi-" + view->exportName();
            const QImage low = exported(*view, base + "-96.png", ExportFormat::Png, 96);
            const QImage high = exported(*view, base + "-300.png", ExportFormat::Png, 300);
            QVERIFY2(!low.isNull() && !high.isNull(), qPrintable(view->exportName()));
            QCOMPARE(high.dotsPerMeterX(), qRound(300 / 0.0254));
            const test::ImageDifference d = test::imageDifference(low, high);
            qInfo("%s 96 vs 300 DPI: %s", qPrintable(view->exportName()), qPrintable(d.describe()));
            // Measured 4 to 8 of 255 (antialiasing and hinting at 96 DPI); text drawn 3x too large is far
            // beyond.
            QVERIFY2(d.meanAbs < 12.0 && d.farShare < 0.08,
                     qPrintable(view->exportName() + QStringLiteral(": ") + d.describe()));
        }
    }

    // Fonts embedded, vector stays vector, and poppler and Ghostscript draw the PDF as the PNG looks.
    void pdfRendersLikeThePngInPopplerAndGhostscript()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        QVERIFY(window.openStudy(m_study, true));
        QVERIFY(window.openSession(m_session, true));
        for (ExportableView* view : window.exportableViews()) {
            const QString base = m_dir + "/pdf-" + view->exportName();
            const QImage png = exported(*view, base + ".png", ExportFormat::Png, 150);
            exported(*view, base + ".pdf", ExportFormat::Pdf, 150);
            exported(*view, base + ".svg", ExportFormat::Svg, 150);
            QString output;
            if (!test::runTool(QStringLiteral("pdffonts"), {base + ".pdf"}, &output))
                QSKIP(qPrintable(output));
            for (const QString& line :
                 output.split(QLatin1Char('\n')).mid(2, -1)) // after the two header lines
                if (!line.trimmed().isEmpty())
                    QVERIFY2(line.contains(QLatin1String(" yes ")),
                             qPrintable(view->exportName() + ": font not embedded: " + line));
            QFile pdf(base + ".pdf");
            QVERIFY(pdf.open(QIODevice::ReadOnly));
            // The table is a rendered QTableView: its text and grid are vector, but the widget style draws
            // the header sections and the scroll bar from cached pixmaps; Fig. 5's cells are a QCPColorMap,
            // an image by design (its text and axes are vector). Every other view is vector throughout.
            const bool rasterPart = view->exportName() == QLatin1String("table") ||
                                    view->exportName() == QLatin1String("study-kappa");
            if (!rasterPart)
                QVERIFY2(!pdf.readAll().contains("/Subtype /Image"),
                         qPrintable(view->exportName() + ": a raster image in the PDF"));
            QFile svg(base + ".svg");
            QVERIFY(svg.open(QIODevice::ReadOnly));
            if (!rasterPart)
                QVERIFY2(!svg.readAll().contains("<image"),
                         qPrintable(view->exportName() + ": a raster image in the SVG"));

            QVERIFY2(test::runTool(QStringLiteral("pdftoppm"),
                                   {QStringLiteral("-r"), QStringLiteral("150"), QStringLiteral("-png"),
                                    QStringLiteral("-singlefile"), base + ".pdf", base + "-poppler"},
                                   &output),
                     qPrintable(output));
            QVERIFY2(
                test::runTool(QStringLiteral("gs"),
                              {QStringLiteral("-q"), QStringLiteral("-dNOPAUSE"), QStringLiteral("-dBATCH"),
                               QStringLiteral("-dSAFER"), QStringLiteral("-sDEVICE=png16m"),
                               QStringLiteral("-r150"), QStringLiteral("-dTextAlphaBits=4"),
                               QStringLiteral("-dGraphicsAlphaBits=4"),
                               QStringLiteral("-sOutputFile=") + base + "-gs.png", base + ".pdf"},
                              &output),
                qPrintable(output));
            const QImage poppler(base + "-poppler.png");
            const QImage gs(base + "-gs.png");
            for (const auto& [name, image] :
                 {std::pair{QStringLiteral("poppler"), poppler}, std::pair{QStringLiteral("gs"), gs}}) {
                QVERIFY2(std::abs(image.width() - png.width()) <= 1 &&
                             std::abs(image.height() - png.height()) <= 1,
                         qPrintable(QStringLiteral("%1 %2: %3x%4 vs %5x%6")
                                        .arg(view->exportName(), name)
                                        .arg(image.width())
                                        .arg(image.height())
                                        .arg(png.width())
                                        .arg(png.height())));
                const test::ImageDifference d = test::imageDifference(png, image);
                qInfo("%s PNG vs %s: %s", qPrintable(view->exportName()), qPrintable(name),
                      qPrintable(d.describe()));
                // The table is dense small text, whose hinting differs most between renderers
                // (measured 12.6).
                const double limit = view->exportName() == QLatin1String("table") ? 16.0 : 12.0;
                QVERIFY2(d.meanAbs < limit && d.farShare < 0.08,
                         qPrintable(view->exportName() + " " + name + ": " + d.describe()));
            }
            const test::ImageDifference both = test::imageDifference(poppler, gs);
            QVERIFY2(both.meanAbs < 16.0 && both.farShare < 0.08,
                     qPrintable(view->exportName() + " poppler vs gs: " + both.describe()));
        }
    }

    // No κ label or node name overlaps another label, name or node, for 2 to 8 models with real model names,
    // at the screen (1280×800: about 400×230) and the journal sizes; the names are drawn whole. The smallest
    // size, 300×240, holds them for up to 7 models.
    void kappaLabelsAndNamesNeverCollide()
    {
        const std::vector<std::string> ids{"gpt2-kjv-early", "gpt2-kjv-late", "llama-kjv-early",
                                           "llama-kjv-late", "stories260K",   "pythia-70m",
                                           "Qwen2.5-0.5B",   "gemma-2-2b"};
        for (int models = 2; models <= 8; ++models) {
            const Session session = test::syntheticSession(4, models, false, ids);
            SessionController controller;
            controller.setSession(std::make_shared<const Session>(session));
            KappaGraphView view(&controller);
            QCOMPARE(view.edgeCount(), models * (models - 1) / 2);
            for (const QSizeF size :
                 {QSizeF(360, 300), QSizeF(336, 283), QSizeF(691, 340), QSizeF(400, 230), QSizeF(300, 240)}) {
                if (size == QSizeF(300, 240) && models > 7)
                    continue;
                const KappaLayout layout = view.layoutFor(size);
                const QString where =
                    QStringLiteral("%1 models at %2x%3").arg(models).arg(size.width()).arg(size.height());
                QVERIFY2(layout.complete, qPrintable(where));
                QCOMPARE(static_cast<int>(layout.labels.size()), view.edgeCount());
                QCOMPARE(static_cast<int>(layout.names.size()), models);
                const QStringList names = view.nodeNames(size);
                for (int i = 0; i < models; ++i)
                    QCOMPARE(names[i], QString::fromStdString(ids[static_cast<size_t>(i)]));
                const QString collision = kappaCollision(layout, size);
                QVERIFY2(collision.isEmpty(), qPrintable(where + ": " + collision));
            }
        }
    }

    // A model's colour follows its id (not its position), from the Okabe–Ito palette, distinct for 8 models.
    void modelColoursFollowTheIdAndAreColourBlindSafe()
    {
        const std::vector<std::string> ids{"gpt2",  "llama-1b", "stories260K", "phi",
                                           "gemma", "qwen",     "opt",         "mistral"};
        std::vector<std::string> reversed(ids.rbegin(), ids.rend());
        std::set<QRgb> palette, used;
        for (int i = 0; i < 8; ++i)
            palette.insert(style::okabeIto(i).rgb());
        QCOMPARE(static_cast<int>(palette.size()), 8);
        for (const std::string& id : ids) {
            const QColor c = style::modelColor(ids, id);
            QCOMPARE(c, style::modelColor(reversed, id)); // order of the list does not matter
            QVERIFY(palette.count(c.rgb()));
            used.insert(c.rgb());
        }
        QCOMPARE(static_cast<int>(used.size()), 8);
        // Sessions that share a model give it the colour its id picks, whoever else is there (no collision
        // here).
        QCOMPARE(style::modelColor({"gpt2"}, "gpt2"), style::modelColor({"gpt2", "stories260K"}, "gpt2"));
    }

    // 16.2: values, salient and shared marks from one extraction; the switch to single-model; the captions.
    void viewsShowOneExtractionAtATime()
    {
        const auto session =
            std::make_shared<const Session>(withJointVectors(test::syntheticSession(4, 3, false)));
        SessionController controller;
        controller.setSession(session);
        const SessionData& joint = controller.data();
        QCOMPARE(joint.extraction, 0);
        QCOMPARE(joint.shownCount(), 2);
        const PairResult& pair = session->pairs.front();
        bool anyShared = false;
        for (const Coalition& c : joint.coalitions)
            for (int k = 0; k < 2; ++k) {
                const bool isA = joint.model(k).id == pair.a;
                const auto& vec = c.type == InteractionType::And ? (isA ? pair.iAndA : pair.iAndB)
                                                                 : (isA ? pair.iOrA : pair.iOrB);
                QCOMPARE(c.values[k], vec[c.mask]);
                anyShared = anyShared || c.shared[k];
            }
        QVERIFY(anyShared);
        QVERIFY(sessionCaption(joint).contains(QStringLiteral("joint extraction model0 × model1")));

        controller.setExtraction(kSingleModel);
        const SessionData& single = controller.data();
        QCOMPARE(single.extraction, kSingleModel);
        QCOMPARE(single.shownCount(), 3);
        for (const Coalition& c : single.coalitions) {
            QCOMPARE(c.sharedCount, 0); // sharing exists only in a joint run
            for (int k = 0; k < 3; ++k)
                QCOMPARE(c.values[k], (c.type == InteractionType::And ? single.model(k).iAnd
                                                                      : single.model(k).iOr)[c.mask]);
        }
        QVERIFY(sessionCaption(single).contains(QStringLiteral("single-model extraction")));
        QVERIFY(sessionCaption(single).contains(QStringLiteral("baseline mean")));

        // The switch in the window, and the caption the exports carry.
        MainWindow window(nullptr, neverRun);
        window.sessionController()->setSession(session);
        QComboBox* box = window.viewsHeader()->extractionBox();
        QCOMPARE(box->count(), 4); // three pairs and single-model
        box->setCurrentIndex(3);
        Q_EMIT box->activated(3);
        QCOMPARE(window.sessionController()->data().extraction, kSingleModel);
        for (ExportableView* view : window.exportableViews())
            if (!view->exportName().startsWith(QLatin1String("study")) &&
                view->exportName() != QLatin1String("kappa-graph"))
                QVERIFY2(view->exportCaption().contains(QStringLiteral("single-model extraction")),
                         qPrintable(view->exportName()));
    }

    // `interlens figure` writes exactly what the GUI's export writes; bad input exits 2 with a message.
    void figureCommandWritesWhatTheGuiExports()
    {
        const QString exe = QStringLiteral(INTERLENS_EXE);
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1600, 1000);
        window.show();
        QVERIFY(window.openSession(m_session, true));
        const auto check = [&](const QStringList& args, ExportableView* view, const QString& name) {
            QProcess process;
            process.start(exe, args);
            QVERIFY(process.waitForFinished(60000));
            QVERIFY2(process.exitCode() == 0,
                     qPrintable(QString::fromLocal8Bit(process.readAllStandardError())));
            QVERIFY(process.readAllStandardOutput().contains("\"caption\""));
            const QImage cli(m_dir + "/cli-" + name + ".png");
            const QImage gui = exported(*view, m_dir + "/gui-" + name + ".png", ExportFormat::Png, 150);
            QCOMPARE(cli.size(), gui.size());
            const test::ImageDifference d = test::imageDifference(gui, cli);
            QVERIFY2(d.meanAbs < 0.5, qPrintable(name + ": " + d.describe()));
        };
        check({QStringLiteral("figure"), m_session, QStringLiteral("--view"), QStringLiteral("kappa"),
               QStringLiteral("--dpi"), QStringLiteral("150"), QStringLiteral("--out"),
               m_dir + "/cli-kappa.png"},
              window.kappaView(), QStringLiteral("kappa"));
        check({QStringLiteral("figure"), m_session, QStringLiteral("--view"), QStringLiteral("prompt"),
               QStringLiteral("--dpi"), QStringLiteral("150"), QStringLiteral("--out"),
               m_dir + "/cli-prompt.png"},
              window.promptView(), QStringLiteral("prompt"));
        QVERIFY(window.openStudy(m_study, true));
        check({QStringLiteral("figure"), m_study, QStringLiteral("--view"), QStringLiteral("fig5"),
               QStringLiteral("--dpi"), QStringLiteral("150"), QStringLiteral("--out"),
               m_dir + "/cli-fig5.png"},
              window.studyView()->exportableViews().back(), QStringLiteral("fig5"));

        const auto fails = [&](const QStringList& args, const QString& message) {
            QProcess process;
            process.start(exe, QStringList{QStringLiteral("figure")} + args);
            QVERIFY(process.waitForFinished(60000));
            QCOMPARE(process.exitCode(), 2);
            const QString err = QString::fromLocal8Bit(process.readAllStandardError());
            QVERIFY2(err.contains(message), qPrintable(err));
        };
        fails({m_session, QStringLiteral("--view"), QStringLiteral("nope"), QStringLiteral("--out"),
               m_dir + "/x.png"},
              QStringLiteral("is not one of"));
        fails({m_session, QStringLiteral("--view"), QStringLiteral("fig3"), QStringLiteral("--out"),
               m_dir + "/x.png"},
              QStringLiteral("session file"));
        fails({m_session, QStringLiteral("--view"), QStringLiteral("kappa"), QStringLiteral("--out"),
               m_dir + "/x.gif"},
              QStringLiteral(".png, .pdf or .svg"));
        fails({m_session, QStringLiteral("--view"), QStringLiteral("order"), QStringLiteral("--pair"),
               QStringLiteral("a,b"), QStringLiteral("--out"), m_dir + "/x.png"},
              QStringLiteral("no such pair"));
        fails({m_session, QStringLiteral("--view"), QStringLiteral("order"), QStringLiteral("--size"),
               QStringLiteral("89by60"), QStringLiteral("--out"), m_dir + "/x.png"},
              QStringLiteral("--size"));
    }

    // Opening a session restores the left panel; any change marks the views out of date until Run.
    void openingRestoresThePanelAndChangesMarkTheViewsOutOfDate()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        RunPanel* panel = window.runPanel();
        panel->models()->addModel(
            test::writeTinyModel(m_dir + "/other-model")); // checked, not in the session
        panel->promptEditor()->setText(QStringLiteral("something else entirely"));
        panel->targetPicker()->setTarget(QStringLiteral("zebra"));
        panel->baselineBox()->setCurrentText(QStringLiteral("zero"));
        QVERIFY(window.openSession(m_session, true));
        const Session& session = *window.sessionController()->data().session;
        QCOMPARE(panel->promptEditor()->text(), QString::fromStdString(session.meta.prompt));
        QCOMPARE(panel->promptEditor()->playerCount(), static_cast<int>(session.meta.players.size()));
        QCOMPARE(panel->targetPicker()->target(), QString::fromStdString(session.meta.targetWord));
        QCOMPARE(panel->baselineBox()->currentText(), QString::fromStdString(session.meta.baseline));
        QCOMPARE(panel->modeBox()->currentText(),
                 QString::fromStdString(session.meta.solverSettings.at("single_mode")));
        QStringList checked;
        for (const QString& dir : panel->models()->checkedDirs())
            checked << QFileInfo(dir).canonicalFilePath();
        QStringList expected;
        for (const ModelResult& m : session.models)
            expected << QFileInfo(QString::fromStdString(m.path)).canonicalFilePath();
        checked.sort();
        expected.sort();
        QCOMPARE(checked, expected);
        QVERIFY(!window.viewsHeader()->isOutOfDate());
        bool statusSaysWhat = false; // which models, target, baseline and extraction are shown
        for (QLabel* label : window.statusBar()->findChildren<QLabel*>())
            statusSaysWhat = statusSaysWhat || (label->text().contains(QStringLiteral("Models: ")) &&
                                                label->text().contains(QStringLiteral("target")) &&
                                                label->text().contains(QStringLiteral("baseline")) &&
                                                label->text().contains(QStringLiteral("extraction")));
        QVERIFY(statusSaysWhat);

        panel->baselineBox()->setCurrentText(QStringLiteral("zero"));
        QVERIFY(window.viewsHeader()->isOutOfDate());
        // Reopening shows the file's settings again and the mark goes.
        QVERIFY(window.openSession(m_session, true));
        QVERIFY(!window.viewsHeader()->isOutOfDate());
        panel->models()->setChecked(panel->models()->rowCount() - 1, false); // a model of the session
        QVERIFY(window.viewsHeader()->isOutOfDate());

        // A study prompt restores the panel too.
        QVERIFY(window.openStudy(m_study, true));
        QVERIFY(window.studyView()->openPrompt(0) || window.studyView()->openPrompt(1));
        QVERIFY(!window.viewsHeader()->isOutOfDate());
        QCOMPARE(panel->promptEditor()->text(),
                 QString::fromStdString(window.sessionController()->data().session->meta.prompt));
    }

    // Honest inputs: a non-model folder gets a dialog naming the missing file; the player box clamps with a
    // message; the player limit is the GUI's own; one player gets a note.
    void inputsAreHonest()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        RunPanel* panel = window.runPanel();
        const QString empty = m_dir + "/not-a-model";
        QDir().mkpath(empty);
        const int row = panel->models()->addModel(empty);
        QCOMPARE(
            panel->models()->data(panel->models()->index(row, 0), Qt::BackgroundRole).value<QBrush>().color(),
            QColor(255, 218, 218));
        QVERIFY(panel->showModelError(row));
        auto* box = panel->findChild<QMessageBox*>(QStringLiteral("modelErrorDialog"));
        QVERIFY(box);
        QVERIFY2(box->text().contains(QStringLiteral("config.json")), qPrintable(box->text()));
        box->close();

        PromptEditor* editor = panel->promptEditor();
        QSpinBox* count = editor->findChild<QSpinBox*>();
        QVERIFY(count);
        count->setValue(17);
        QCOMPARE(count->value(), 16);
        QVERIFY(editor->findChildren<QLabel*>().size() > 0);
        bool said = false;
        for (QLabel* label : editor->findChildren<QLabel*>())
            said = said || label->text().contains(QStringLiteral("At most 16 players"));
        QVERIFY(said);

        panel->models()->addModel(test::writeTinyModel(m_dir + "/tiny-for-input"));
        editor->setText(QStringLiteral("Once upon a time there was a little girl named Lily"));
        editor->setPlayersFromList(
            {QStringLiteral("time"), QStringLiteral("little"), QStringLiteral("girl")});
        panel->setPlayerLimit(2);
        ExplainRequest request;
        QString error;
        QVERIFY(!panel->buildRequest(&request, &error));
        QVERIFY2(error.contains(QStringLiteral("Player limit")) &&
                     !error.contains(QStringLiteral("--max-players")),
                 qPrintable(error));
        panel->setPlayerLimit(16);
        QVERIFY2(panel->buildRequest(&request, &error), qPrintable(error));
        QCOMPARE(request.maxPlayers, 16);

        editor->setPlayersFromList({QStringLiteral("girl")});
        QVERIFY(panel->inputNotes().contains(QStringLiteral("trivial")));
        QVERIFY(!panel->runWarning().isEmpty());
    }

    // At 1280×800 the plots' text stays inside each plot and apart: legend entries and title lines fit the
    // plot's width (names break into lines rather than run past the edge), x tick labels keep apart, and
    // every κ in Fig. 5 lies inside its cell (so no number overlaps another or a model name).
    void plotTextFitsAt1280x800()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (const bool study : {false, true}) {
            QVERIFY(study ? window.openStudy(m_study, true) : window.openSession(m_session, true));
            QTest::qWait(50);
            QApplication::processEvents();
            for (ExportableView* view : window.exportableViews()) {
                auto* figure = dynamic_cast<InteractivePlot*>(view);
                if (!figure || !figure->isVisible())
                    continue;
                QCustomPlot* p = figure->plot();
                p->replot();
                const QString name = view->exportName();
                int checked = 0;
                for (int i = 0; i < p->legend->itemCount(); ++i)
                    if (QCPLayoutElement* item = p->legend->item(i)) {
                        QVERIFY2(item->minimumOuterSizeHint().width() <= p->width() &&
                                     item->outerRect().right() <= p->width() + 1,
                                 qPrintable(QStringLiteral("%1: legend entry %2 needs %3 px of %4")
                                                .arg(name)
                                                .arg(i)
                                                .arg(item->minimumOuterSizeHint().width())
                                                .arg(p->width())));
                        ++checked;
                    }
                if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0))) {
                    const QFontMetricsF metrics(title->font());
                    for (const QString& line : title->text().split(QLatin1Char('\n')))
                        QVERIFY2(metrics.horizontalAdvance(line) <= p->width(),
                                 qPrintable(name + ": title line '" + line + "' is cut"));
                    ++checked;
                }
                QCPAxis* x = p->xAxis;
                const QVector<double> ticks = x->tickVector();
                const QVector<QString> labels = x->tickVectorLabels();
                const QFontMetricsF tickMetrics(x->tickLabelFont());
                const double angle = std::abs(x->tickLabelRotation()) * M_PI / 180.0;
                for (int i = 0; i + 1 < ticks.size(); ++i) {
                    const double apart = std::abs(x->coordToPixel(ticks[i + 1]) - x->coordToPixel(ticks[i]));
                    const double needs = angle > 0 ? tickMetrics.height()
                                                   : (tickMetrics.horizontalAdvance(labels[i]) +
                                                      tickMetrics.horizontalAdvance(labels[i + 1])) /
                                                         2;
                    QVERIFY2((angle > 0 ? apart * std::sin(angle) : apart) >= needs,
                             qPrintable(QStringLiteral("%1: x tick labels '%2' and '%3' overlap")
                                            .arg(name, labels[i], labels[i + 1])));
                }
                if (auto* matrix = dynamic_cast<StudyKappaMatrix*>(figure)) {
                    for (const QCPItemText* text : matrix->cellTexts()) {
                        if (!text->visible())
                            continue;
                        const QPointF centre = text->position->pixelPosition();
                        const QSizeF size = QFontMetricsF(text->font()).size(0, text->text());
                        const QRectF rect(centre - QPointF(size.width() / 2, size.height() / 2), size);
                        const double w = std::abs(x->coordToPixel(1) - x->coordToPixel(0));
                        const double h = std::abs(p->yAxis->coordToPixel(1) - p->yAxis->coordToPixel(0));
                        const QRectF cell(centre - QPointF(w / 2, h / 2), QSizeF(w, h));
                        QVERIFY2(cell.contains(rect),
                                 qPrintable(name + ": κ " + text->text() + " runs out of its cell"));
                        ++checked;
                    }
                    QVERIFY2(!matrix->cellTexts().empty(), "Fig. 5 has no numbers");
                }
                QVERIFY2(checked > 0, qPrintable(name + ": nothing checked"));
            }
        }
    }

    // Below the size its text needs, every view's export is refused, naming the smallest size that works; at
    // that size nothing collides: the plots' title, legend entries, data area and caption keep apart and
    // inside the figure, neighbouring tick labels apart, the κ names and labels off each other and the nodes,
    // and the prompt's rows at 3/4 of their size at least.
    void smallestExportSizeFitsAndSmallerIsRefused()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1280, 800);
        window.show();
        for (const bool study : {false, true}) {
            QVERIFY(study ? window.openStudy(m_study, true) : window.openSession(m_session, true));
            QApplication::processEvents();
            for (ExportableView* view : window.exportableViews()) {
                if (view->exportName().startsWith(QLatin1String("study")) != study)
                    continue;
                const QString name = view->exportName();
                const QSizeF smallest = smallestFigureSizeMm(*view);
                qInfo("%s: smallest %g x %g mm", qPrintable(name), smallest.width(), smallest.height());
                QVERIFY2(smallest.width() < view->defaultSizeMm().width() + 1,
                         qPrintable(name + ": its journal size does not fit"));
                QVERIFY2(figureTooSmall(*view, smallest).isEmpty(),
                         qPrintable(figureTooSmall(*view, smallest)));
                ExportOptions options;
                options.dpi = 96;
                options.sizeMm = smallest * 0.8;
                QString error;
                QVERIFY2(!exportView(*view, m_dir + "/small-" + name + ".png", options, &error),
                         qPrintable(name + ": a size 20 % under the smallest was accepted"));
                QVERIFY2(
                    error.contains(QStringLiteral("%1 × %2 mm").arg(smallest.width()).arg(smallest.height())),
                    qPrintable(error));
                options.sizeMm = smallest;
                QVERIFY2(exportView(*view, m_dir + "/smallest-" + name + ".png", options, &error),
                         qPrintable(error));

                // The body the view is drawn in: the figure less its caption band.
                const QSize figure(qRound(smallest.width() / 25.4 * 96),
                                   qRound(smallest.height() / 25.4 * 96));
                const CaptionBand band = captionBand(*view, figure);
                QVERIFY2(band.fits, qPrintable(name + ": the caption is cut"));
                const QSize body(figure.width(), int(std::floor(figure.height() - band.height)));
                if (auto* plotView = dynamic_cast<InteractivePlot*>(view)) {
                    QCustomPlot* p = plotView->plot();
                    plotView->layOutAt(body);
                    std::vector<std::pair<QString, QRectF>> boxes{
                        {QStringLiteral("data area"), p->axisRect()->rect()}};
                    for (int i = 0; p->legend->visible() && i < p->legend->itemCount(); ++i)
                        if (QCPLayoutElement* item = p->legend->item(i)) {
                            QVERIFY2(item->rect().height() + 1 >= item->minimumOuterSizeHint().height() -
                                                                      item->margins().top() -
                                                                      item->margins().bottom(),
                                     qPrintable(name + ": a legend entry is cut"));
                            boxes.emplace_back(QStringLiteral("legend entry %1").arg(i), item->rect());
                        }
                    if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0)))
                        boxes.emplace_back(QStringLiteral("title"), title->rect());
                    for (size_t i = 0; i < boxes.size(); ++i) {
                        QVERIFY2(QRectF(QPointF(0, 0), QSizeF(body))
                                     .adjusted(-1, -1, 1, 1)
                                     .contains(boxes[i].second),
                                 qPrintable(name + ": " + boxes[i].first + " outside the figure"));
                        for (size_t j = i + 1; j < boxes.size(); ++j)
                            QVERIFY2(
                                !boxes[i].second.intersects(boxes[j].second),
                                qPrintable(name + ": " + boxes[i].first + " overlaps " + boxes[j].first));
                    }
                    // Axis labels are centred on their axis: along it, each stays inside the figure.
                    const QPointF centre = QRectF(p->axisRect()->rect()).center();
                    for (const QCPAxis* axis : {p->xAxis, p->yAxis, p->yAxis2}) {
                        if (!axis->visible() || axis->label().isEmpty())
                            continue;
                        const double half =
                            QFontMetricsF(axis->labelFont()).horizontalAdvance(axis->label()) / 2;
                        const bool horizontal = axis->orientation() == Qt::Horizontal;
                        const double at = horizontal ? centre.x() : centre.y();
                        QVERIFY2(
                            at - half >= -1 && at + half <= (horizontal ? body.width() : body.height()) + 1,
                            qPrintable(name + ": the axis label " + axis->label() + " runs off the figure"));
                    }
                    for (const QCPAxis* axis : {p->xAxis, p->yAxis, p->yAxis2}) {
                        if (!axis->visible() || !axis->tickLabels())
                            continue;
                        const std::vector<QPolygonF> shapes = tickLabelShapes(axis);
                        for (size_t i = 0; i + 1 < shapes.size(); ++i)
                            QVERIFY2(!shapes[i].intersects(shapes[i + 1]),
                                     qPrintable(name + ": tick labels " + axis->tickVectorLabels()[int(i)] +
                                                " and " + axis->tickVectorLabels()[int(i) + 1] + " overlap"));
                    }
                    plotView->layOutOnScreen();
                } else if (auto* graph = dynamic_cast<KappaGraphView*>(view)) {
                    const KappaLayout layout = graph->layoutFor(body);
                    QVERIFY2(layout.complete, qPrintable(name));
                    const QString collision = kappaCollision(layout, body);
                    QVERIFY2(collision.isEmpty(), qPrintable(name + ": " + collision));
                } else {
                    QString why;
                    QVERIFY2(view->fitsAt(body, &why), qPrintable(name + ": " + why));
                }
            }
        }
        // `interlens figure` refuses with exit code 2 and the same message.
        QProcess process;
        process.start(QStringLiteral(INTERLENS_EXE),
                      {QStringLiteral("figure"), m_session, QStringLiteral("--view"),
                       QStringLiteral("sparsity"), QStringLiteral("--size"), QStringLiteral("20x15mm"),
                       QStringLiteral("--out"), m_dir + "/tiny.png"});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        const QString err = QString::fromLocal8Bit(process.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("too small")) &&
                     err.contains(QStringLiteral("smallest size that works")),
                 qPrintable(err));
    }

    // The export dialog refuses a size too small for the view's text with a message naming the smallest that
    // works, stays open, and accepts the view's own journal size.
    void exportDialogRefusesASizeTooSmall()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.openSession(m_session, true));
        QApplication::processEvents();
        ExportableView* view = window.exportableViews().front();
        QSettings().setValue(QStringLiteral("export/unit"), 0); // millimetres, as the sizes below
        ExportDialog dialog(*view, &window);
        auto* width = dialog.findChild<QDoubleSpinBox*>(QStringLiteral("exportWidth"));
        auto* height = dialog.findChild<QDoubleSpinBox*>(QStringLiteral("exportHeight"));
        QVERIFY(width && height);
        const QSizeF smallest = smallestFigureSizeMm(*view);
        width->setValue(smallest.width() / 2);
        height->setValue(smallest.height() / 2);
        QString shown;
        QTimer::singleShot(0, [&shown] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("exportTooSmall"))
                return;
            shown = box->text();
            box->accept();
        });
        dialog.accept();
        QVERIFY2(shown.contains(QStringLiteral("%1 × %2 mm").arg(smallest.width()).arg(smallest.height())),
                 qPrintable(shown));
        QVERIFY(dialog.result() != QDialog::Accepted);

        width->setValue(view->defaultSizeMm().width());
        height->setValue(view->defaultSizeMm().height());
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // At 1280×800 and 1600×1000 the panel needs no horizontal scrolling (its content fits its width, every
    // table its columns, with the predictions of five long-named models) and Run is on screen.
    void layoutFits_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1600x1000") << QSize(1600, 1000);
    }
    void layoutFits()
    {
        QFETCH(QSize, size);
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openSession(m_session, true));
        RunPanel* panel = window.runPanel();
        QVector<ModelPredictions> predictions;
        for (const char* name :
             {"gpt2-kjv-early", "gpt2-kjv-late", "llama-kjv-early", "llama-kjv-late", "stories260K"}) {
            ModelPredictions p;
            p.name = QString::fromLatin1(name);
            for (const char* word : {" the", " Israel", " Judah", " his", " hosts"})
                p.top.push_back({1, QString::fromLatin1(word), QString::fromLatin1(word), 0.123});
            predictions.push_back(p);
        }
        panel->targetPicker()->setPredictions(predictions);
        panel->promptEditor()->setText(QStringLiteral(
            "And the LORD spake unto Moses in the wilderness, saying, Speak unto the children of Israel"));
        QTest::qWait(50);
        QApplication::processEvents();

        QPushButton* run = panel->runButton();
        QVERIFY(run->isVisible());
        const QRect onWindow(run->mapTo(&window, QPoint(0, 0)), run->size());
        QVERIFY2(window.rect().contains(onWindow),
                 qPrintable(QStringLiteral("Run at %1,%2").arg(onWindow.x()).arg(onWindow.y())));
        const QList<QScrollArea*> areas = panel->findChildren<QScrollArea*>();
        QVERIFY(!areas.isEmpty());
        for (QScrollArea* area : areas) {
            QVERIFY2(area->widget()->minimumSizeHint().width() <= area->viewport()->width(),
                     qPrintable(QStringLiteral("the panel needs %1 px, has %2")
                                    .arg(area->widget()->minimumSizeHint().width())
                                    .arg(area->viewport()->width())));
            QVERIFY(!area->horizontalScrollBar()->isVisible());
        }
        for (QAbstractScrollArea* area : panel->findChildren<QAbstractScrollArea*>())
            if (area->isVisible())
                QVERIFY2(!area->horizontalScrollBar()->isVisible(),
                         qPrintable(area->metaObject()->className()));
        for (QTableView* table : panel->findChildren<QTableView*>())
            if (table->isVisible())
                QVERIFY2(table->horizontalHeader()->length() <= table->viewport()->width() + 1,
                         qPrintable(QStringLiteral("%1: columns %2 px, room %3")
                                        .arg(table->metaObject()->className())
                                        .arg(table->horizontalHeader()->length())
                                        .arg(table->viewport()->width())));
        // Every control of the panel lies within the panel's width.
        for (QWidget* control : panel->findChildren<QWidget*>())
            if (control->isVisible() &&
                (qobject_cast<QAbstractButton*>(control) || qobject_cast<QAbstractSpinBox*>(control) ||
                 qobject_cast<QComboBox*>(control) || qobject_cast<QLineEdit*>(control)))
                QVERIFY2(control->mapTo(panel, QPoint(control->width(), 0)).x() <= panel->width(),
                         qPrintable(control->metaObject()->className() + QStringLiteral(" ") +
                                    control->accessibleName() +
                                    (qobject_cast<QAbstractButton*>(control)
                                         ? qobject_cast<QAbstractButton*>(control)->text()
                                         : QString())));
        const QString shot = qEnvironmentVariable("INTERLENS_LAYOUT_SHOT");
        if (!shot.isEmpty())
            window.grab().save(shot + QStringLiteral("-%1x%2.png").arg(size.width()).arg(size.height()));
    }
};

QTEST_MAIN(TestUiFigures)
#include "test_ui_figures.moc"
