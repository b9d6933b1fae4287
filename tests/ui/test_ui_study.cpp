// The Study tab on a real study file (three tiny random models, the study engine of core/study): the prompt
// table under QAbstractItemModelTester, the three figures showing exactly the file's aggregates, a κ cell
// click selecting its pair everywhere, the top-1 filter variant, a prompt opened in the single-prompt views,
// exports and clear errors for files that are not studies.
#include "common/fixtures.h"
#include "main_window.h"
#include "session_controller.h"
#include "store/session_file.h"
#include "study/study_file.h"
#include "study/study_merge.h"
#include "study_controller.h"
#include "study_findings_panel.h"
#include "study_kappa_matrix.h"
#include "study_order_plot.h"
#include "study_prompt_model.h"
#include "study_shared_plot.h"
#include "study_test_util.h"
#include "study_view.h"
#include "ui_test_util.h"
#include "view_export.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QSvgRenderer>
#include <QTableWidget>
#include <QTest>

#include <cmath>

using namespace interlens;
using namespace interlens::ui;

namespace {

Session neverRun(const ExplainRequest&, const RunControl&)
{
    throw std::runtime_error("the study view tests do not run models");
}

double sumOf(const std::vector<StudyFigure::HitBox>& boxes)
{
    double sum = 0.0;
    for (const auto& box : boxes)
        sum += std::isnan(box.value) ? 0.0 : box.value;
    return sum;
}

double sumOf(const AggNode& role, const std::string& prefix)
{
    double sum = 0.0;
    for (const char* set : {"shared", "non_shared"})
        for (const char* sign : {"pos", "neg"})
            for (double v : role.vectors.at(prefix + set + "_" + sign))
                sum += v;
    return sum;
}

} // namespace

class TestUiStudy : public QObject
{
    Q_OBJECT

    QString m_study;  // no top-1 filter, |u| ≥ 0: every scored prompt counts
    QString m_strict; // the same records aggregated with the top-1 filter

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("InterlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_study"));
        qputenv("INTERLENS_RESOURCES",
                test::scratchDir(QStringLiteral("no_resources")).toUtf8()); // no bundled models
        const QString dir = test::scratchDir(QStringLiteral("ui_study"));
        const StudyRequest request = test::runTinyStudy(dir);
        m_study = QString::fromStdString(request.outPath);

        MergeRequest strict;
        strict.inputs = {request.outPath};
        strict.outPath = (dir + "/strict.h5").toStdString();
        StudyAggregateOptions withTop1 = request.aggregate;
        withTop1.requireTop1 = true;
        strict.aggregate = withTop1;
        mergeStudies(strict);
        m_strict = QString::fromStdString(strict.outPath);
    }

    void promptTableFollowsTheStudy()
    {
        StudyController controller;
        StudyPromptModel model(&controller);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QString error;
        QVERIFY2(controller.open(m_study, &error), qPrintable(error));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(controller.pairs().size(), size_t{3});
        QCOMPARE(model.index(0, StudyPromptModel::OutcomeColumn).data().toString(), QStringLiteral("kept"));
        // The filter's reason in plain words (the stored reason follows in brackets).
        const QString skipped = model.index(4, StudyPromptModel::OutcomeColumn).data().toString();
        QVERIFY2(skipped.startsWith(QStringLiteral("skipped: ")) &&
                     skipped.contains(QStringLiteral("is a stop word")),
                 qPrintable(skipped));
        QCOMPARE(model.index(4, 0).data(StudyPromptModel::KeptRole).toBool(), false);
        QCOMPARE(model.index(2, StudyPromptModel::PlayersColumn).data().toString(),
                 QStringLiteral("little, girl, Lily, play, ball"));
        // κ of the selected pair on each prompt alone, as the file has it; it follows the pair.
        const Study study = loadStudy(m_study.toStdString(), false);
        for (int pair = 0; pair < 3; ++pair) {
            controller.selectPair(pair);
            const double kappa = study.prompts[1].pairs[static_cast<size_t>(pair)].primaryKappa();
            QCOMPARE(
                model.index(1, StudyPromptModel::KappaColumn).data(StudyPromptModel::SortRole).toDouble(),
                kappa);
        }
        // A failed open keeps what is on screen.
        QVERIFY(!controller.open(m_study + ".absent", &error));
        QVERIFY2(error.contains(QStringLiteral("study.h5.absent")), qPrintable(error));
        QCOMPARE(model.rowCount(), 5);
    }

    void figuresShowTheFileAggregates()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.openFile(m_study), qPrintable(window.lastError()));
        QCOMPARE(window.currentTab(), 1);
        StudyView* view = window.studyView();
        StudyController* c = view->controller();
        const Study study = loadStudy(m_study.toStdString(), false);
        const AggNode& pairs = study.aggregate.children.at("pairs");
        QCOMPARE(c->keptCount(), 4);

        for (int pair = 0; pair < 3; ++pair) {
            c->selectPair(pair);
            QCOMPARE(view->findChild<QComboBox*>()->currentIndex(), pair);
            const AggNode& node = pairs.children.at(c->pairs()[static_cast<size_t>(pair)].name);
            // Fig. 3: 2 models × 2 signs × shared/non-shared × 6 orders, the file's numbers.
            c->setMeasure(StudyController::Measure::Strength);
            QCOMPARE(view->orderPlot()->hitBoxes().size(), size_t{48});
            const double strength =
                sumOf(node.children.at("a"), "order_value_") + sumOf(node.children.at("b"), "order_value_");
            QVERIFY(std::abs(sumOf(view->orderPlot()->hitBoxes()) - strength) < 1e-9);
            c->setMeasure(StudyController::Measure::Count);
            const double count =
                sumOf(node.children.at("a"), "order_count_") + sumOf(node.children.at("b"), "order_count_");
            QVERIFY(std::abs(sumOf(view->orderPlot()->hitBoxes()) - count) < 1e-9);
            // Fig. 4: number and mean strength, shared and non-shared, for both models.
            QCOMPARE(view->sharedPlot()->hitBoxes().size(), size_t{8});
            double fig4 = 0.0;
            for (const char* role : {"a", "b"})
                for (const char* name : {"shared_count_mean", "non_shared_count_mean", "shared_strength_mean",
                                         "non_shared_strength_mean"}) {
                    const double v = node.children.at(role).scalars.at(name);
                    fig4 += std::isnan(v) ? 0.0 : v;
                }
            QVERIFY(std::abs(sumOf(view->sharedPlot()->hitBoxes()) - fig4) < 1e-9);
        }

        // Fig. 5: one cell per ordered pair, the chosen variant's matrix.
        for (const QString& variant :
             {QStringLiteral("kappa"), QStringLiteral("kappa_directed"), QStringLiteral("overlap")}) {
            c->setKappaVariant(variant);
            const std::vector<double>& matrix =
                study.aggregate.children.at("kappa").vectors.at(variant.toStdString());
            QCOMPARE(view->kappaMatrix()->hitBoxes().size(), size_t{6});
            for (const auto& box : view->kappaMatrix()->hitBoxes()) {
                const int row = qRound(box.rect.center().y()), column = qRound(box.rect.center().x());
                QCOMPARE(box.value, matrix[static_cast<size_t>(row * 3 + column)]);
            }
        }

        // Clicking the cell of models 1 and 2 selects that pair in every figure, the combo box and the table.
        c->selectPair(0);
        QApplication::processEvents();
        const StudyFigure::HitBox* cell = nullptr;
        for (const auto& box : view->kappaMatrix()->hitBoxes())
            if (qRound(box.rect.center().y()) == 2 && qRound(box.rect.center().x()) == 1)
                cell = &box;
        QVERIFY(cell);
        QVERIFY(view->kappaMatrix()->clickAt(view->kappaMatrix()->centreOf(*cell)));
        QCOMPARE(c->currentPair(), c->pairIndex(1, 2));
        QCOMPARE(view->findChild<QComboBox*>()->currentIndex(), c->pairIndex(1, 2));
    }

    void topOneFilterVariant()
    {
        StudyController controller;
        StudyOrderPlot plot(&controller);
        QString error;
        QVERIFY2(controller.open(m_strict, &error), qPrintable(error));
        // Random models do not predict the targets: the top-1 filter removes every prompt...
        QCOMPARE(controller.keptCount(), 0);
        QVERIFY(plot.hitBoxes().empty());
        // ...and the variant without it, which the file keeps because those prompts were scored, has them
        // all.
        QVERIFY(controller.hasUnfilteredAggregate());
        controller.setWithoutTop1Filter(true);
        QCOMPARE(controller.keptCount(), 4);
        QCOMPARE(plot.hitBoxes().size(), size_t{48});
    }

    void openingAPromptShowsItInTheSinglePromptViews()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        QVERIFY(window.openStudy(m_study));
        const Study study = loadStudy(m_study.toStdString(), false);
        QVERIFY(window.studyView()->openPrompt(2));
        QCOMPARE(window.currentTab(), 0);
        const SessionController* s = window.sessionController();
        QVERIFY(s->hasSession());
        QCOMPARE(s->data().session->meta.prompt, study.prompts[2].prompt.text);
        QCOMPARE(s->data().session->meta.players.size(), size_t{5});
        QCOMPARE(s->data().session->models.size(), size_t{3});
        QCOMPARE(s->data().session->pairs.size(), size_t{3});
        QCOMPARE(s->data().session->models[1].v, loadStudyPrompt(m_study.toStdString(), 2).models[1].v);
        QVERIFY(!s->data().coalitions.empty());
        // A prompt the filters skipped cannot be opened, and says why.
        QVERIFY(!window.studyView()->openPrompt(4));
        QVERIFY2(window.lastError().contains(QStringLiteral("was not scored: skipped (stop_word_target)")),
                 qPrintable(window.lastError()));
        QCOMPARE(s->data().session->meta.prompt, study.prompts[2].prompt.text); // what was shown stays
    }

    void badFilesGiveClearErrors()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        const QString session = test::scratchDir(QStringLiteral("ui_study_bad")) + "/session.h5";
        saveSession(test::syntheticSession(4, 2, false), session.toStdString());
        QVERIFY(!window.openStudy(session));
        QVERIFY2(window.lastError().contains(QStringLiteral("not an Interlens study file")),
                 qPrintable(window.lastError()));
        QVERIFY(window.openFile(session)); // a session opens as a session
        QCOMPARE(window.currentTab(), 0);
        QFile junk(test::scratchDir(QStringLiteral("ui_study_bad")) + "/junk.h5");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not hdf5 at all");
        junk.close();
        QVERIFY(!window.openStudy(junk.fileName()));
        QVERIFY2(window.lastError().contains(QStringLiteral("junk.h5")), qPrintable(window.lastError()));
        QVERIFY(!window.studyView()->controller()->hasStudy());
    }

    void figuresExportValidFiles()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1500, 950);
        window.show();
        QVERIFY(window.openStudy(m_study));
        const QString dir = test::scratchDir(QStringLiteral("ui_study_export"));
        for (ExportableView* view : window.studyView()->exportableViews()) {
            const QString base = dir + "/" + view->exportName();
            ExportOptions png;
            png.sizeMm = view->defaultSizeMm(); // smaller sizes may be refused (test_ui_figures)
            png.dpi = 300;
            QString error;
            QVERIFY2(exportView(*view, base + ".png", png, &error), qPrintable(error));
            const QImage image(base + ".png");
            QCOMPARE(image.width(), qRound(png.sizeMm.width() / 25.4 * 300));
            int coloured = 0; // bars and cells are drawn in colour, axes and text in black
            for (int y = 0; y < image.height(); y += 4)
                for (int x = 0; x < image.width(); x += 4) {
                    const QColor p = image.pixelColor(x, y);
                    coloured += p.saturation() > 80 ? 1 : 0;
                }
            QVERIFY2(coloured > 200, qPrintable(view->exportName()));
            ExportOptions pdf = png;
            pdf.format = ExportFormat::Pdf;
            QVERIFY2(exportView(*view, base + ".pdf", pdf, &error), qPrintable(error));
            ExportOptions svg = png;
            svg.format = ExportFormat::Svg;
            QVERIFY2(exportView(*view, base + ".svg", svg, &error), qPrintable(error));
            QVERIFY(QSvgRenderer(base + ".svg").isValid());
        }
    }

    void findingsPanelShowsAndExportsTheFindings()
    {
        StudyView view;
        auto* panel = view.findChild<StudyFindingsPanel*>();
        QVERIFY(panel);
        QString error;
        QVERIFY2(view.controller()->open(m_study, &error), qPrintable(error));
        QCOMPARE(panel->findingsTable()->rowCount(), 3); // F1, F2, F3
        QCOMPARE(panel->pairTable()->rowCount(), 3);
        QCOMPARE(panel->findingsTable()->item(1, 2)->text(),
                 QStringLiteral("inconclusive")); // F2 without groups
        const QString md = test::scratchDir(QStringLiteral("ui_findings")) + QStringLiteral("/findings.md");
        QVERIFY2(panel->exportTo(md, &error), qPrintable(error));
        QFile file(md);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("data:image/svg+xml;base64,"));
        // A group naming an unknown model: no findings, the reason shown instead.
        panel->groupsEdit()->setText(QStringLiteral("strong:m0,m9;weak:m1,m2"));
        Q_EMIT panel->groupsEdit()->editingFinished();
        QVERIFY(panel->findings().is_null());
        QCOMPARE(panel->findingsTable()->rowCount(), 0);
        QVERIFY(!panel->exportTo(md, &error));
        QVERIFY2(error.contains(QStringLiteral("m9")), qPrintable(error));
    }
};

QTEST_MAIN(TestUiStudy)
#include "test_ui_study.moc"
