// The window on a session: opening a file fills every view, a selection made in any view reaches all the
// others, every view exports valid PNG/PDF/SVG, the table exports CSV, and bad files give clear errors.
#include "coalition_filter_model.h"
#include "coalition_table_view.h"
#include "common/fixtures.h"
#include "kappa_graph_view.h"
#include "main_window.h"
#include "order_effect_plot.h"
#include "prompt_view.h"
#include "session_controller.h"
#include "sparsity_plot.h"
#include "store/session_file.h"
#include "ui_test_util.h"
#include "view_export.h"

#include "exportable_view.h"
#include <QComboBox>

#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QSvgRenderer>
#include <QTableView>
#include <QTest>

using namespace interlens;
using namespace interlens::ui;

namespace {

Session neverRun(const ExplainRequest&, const RunControl&)
{
    throw std::runtime_error("the view tests do not run models");
}

QString savedSession(const QString& name, const Session& session)
{
    const QString path = test::scratchDir(QStringLiteral("ui_views")) + "/" + name;
    saveSession(session, path.toStdString());
    return path;
}

// Shows the window at a size every view fits, with a synthetic 4-model session saved as `name` opened.
bool showSyntheticSession(MainWindow& window, const QString& name)
{
    window.setQuietErrors(true);
    window.resize(1400, 900);
    window.show();
    return window.openSession(savedSession(name, test::syntheticSession(4, 3, true)));
}

} // namespace

class TestUiViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("InterlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_views"));
        qputenv("INTERLENS_RESOURCES",
                test::scratchDir(QStringLiteral("no_resources")).toUtf8()); // no bundled models
    }

    void openingASessionFillsEveryView()
    {
        const Session session = test::syntheticSession(4, 3, true);
        const QString path = savedSession(QStringLiteral("three.h5"), session);
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        window.resize(1400, 900);
        window.show();
        QVERIFY(window.openSession(path));
        const SessionData& data = window.sessionController()->data();
        QCOMPARE(data.shownCount(), 2);
        QCOMPARE(window.promptView()->rowCount(),
                 2); // the joint extraction of model0 × model1: its two models
        QCOMPARE(data.extraction, 0);
        QCOMPARE(window.tableView()->filterModel()->rowCount(), static_cast<int>(data.coalitions.size()));
        QVERIFY(window.orderPlot()->pointCount() > 0);
        QCOMPARE(window.orderPlot()->barSum(0, 2),
                 1.5 + data.model(0).iOr[0b1010]); // order 2 salient: AND{0,1} + OR{1,3}
        QCOMPARE(window.kappaView()->nodeCount(), 3);
        QCOMPARE(window.kappaView()->edgeLabels(), QStringList{QStringLiteral("κ = 0.600")});
        QVERIFY(window.sparsityPlot()->countAbove(0) >= 3);
        QVERIFY(window.sparsityPlot()->pointCount() > 0);
        // The strongest coalition is selected at once and shown in the prompt rows.
        QCOMPARE(window.sessionController()->currentRow(), 0);
        QCOMPARE(window.promptView()->highlightedWords(0),
                 (QStringList{QStringLiteral("time"), QStringLiteral("little")}));
        QVERIFY(window.windowTitle().contains(QStringLiteral("three.h5")));
        QVERIFY(window.promptView()->grab().width() > 0);
    }

    void badFilesGiveClearErrors()
    {
        MainWindow window(nullptr, neverRun);
        window.setQuietErrors(true);
        const QString dir = test::scratchDir(QStringLiteral("ui_views_bad"));
        QVERIFY(!window.openSession(dir + "/absent.h5"));
        QVERIFY2(window.lastError().contains(QStringLiteral("absent.h5")), qPrintable(window.lastError()));
        QFile junk(dir + "/junk.h5");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not HDF5");
        junk.close();
        QVERIFY(!window.openSession(junk.fileName()));
        QVERIFY2(window.lastError().contains(QStringLiteral("junk.h5")), qPrintable(window.lastError()));
        QVERIFY(!window.sessionController()->hasSession());
    }

    void selectionIsLinkedAcrossViews()
    {
        MainWindow window(nullptr, neverRun);
        QVERIFY(showSyntheticSession(window, QStringLiteral("link.h5")));
        SessionController* controller = window.sessionController();
        const SessionData& data = controller->data();

        // Table -> everything: pick the OR {little, named} row through the table's own (proxy) selection.
        const int orRow = data.find(InteractionType::Or, 0b1010);
        QVERIFY(orRow >= 0);
        QTableView* table = window.tableView()->tableView();
        const QModelIndex proxy =
            window.tableView()->filterModel()->mapFromSource(controller->coalitionModel()->index(orRow, 0));
        table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
        QCOMPARE(controller->currentRow(), orRow);
        QCOMPARE(window.promptView()->highlightedWords(0),
                 (QStringList{QStringLiteral("little"), QStringLiteral("named")}));

        // Plot -> table: clicking model 0's point of its own AND {all four}.
        const int ownRow = data.find(InteractionType::And, 0b1111);
        QVERIFY(window.orderPlot()->clickPointOf(ownRow, 0));
        QCOMPARE(controller->currentRow(), ownRow);
        QCOMPARE(window.tableView()->filterModel()->mapToSource(table->currentIndex()).row(), ownRow);
        QCOMPARE(window.promptView()->highlightedWords(1).size(), 4);

        // κ graph -> table: an edge selects the strongest coalition the pair shares.
        QVERIFY(window.kappaView()->clickEdge(0));
        QCOMPARE(controller->currentRow(), data.find(InteractionType::And, 0b0011));
        QCOMPARE(window.tableView()->filterModel()->mapToSource(table->currentIndex()).row(),
                 controller->currentRow());

        // Sparsity curve -> table.
        const int andRow = data.find(InteractionType::And, 0b0100);
        QVERIFY(window.sparsityPlot()->clickPointOf(andRow, 1));
        QCOMPARE(window.tableView()->filterModel()->mapToSource(table->currentIndex()).row(), andRow);

        // A filter that hides the current row leaves the selection alone; the other views keep it.
        window.tableView()->typeCombo()->setCurrentIndex(2); // OR only
        QCOMPARE(controller->currentRow(), andRow);
    }

    // The table's export is a figure, not a screenshot: no highlighted row, no scroll bars, and the table on
    // screen is left as it was (selection, scroll position, sort arrow, scroll bar policy).
    void tableExportLeavesOutScreenStateAndRestoresIt()
    {
        MainWindow window(nullptr, neverRun);
        QVERIFY(showSyntheticSession(window, QStringLiteral("table_export.h5")));
        CoalitionTableView* view = window.tableView();
        QTableView* table = view->tableView();
        const QModelIndex second = view->filterModel()->index(1, 0);
        table->selectionModel()->setCurrentIndex(second, QItemSelectionModel::ClearAndSelect |
                                                             QItemSelectionModel::Rows);
        const QColor highlight = table->palette().color(QPalette::Highlight);

        ExportOptions png;
        png.format = ExportFormat::Png;
        png.sizeMm = view->defaultSizeMm();
        png.dpi = 96;
        const QString path = test::scratchDir(QStringLiteral("ui_table_export")) + "/table.png";
        QString error;
        QVERIFY2(exportView(*view, path, png, &error), qPrintable(error));
        const QImage image(path);
        QVERIFY(!image.isNull());
        int highlighted = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                highlighted += QColor(image.pixel(x, y)) == highlight;
        QCOMPARE(highlighted, 0);

        QCOMPARE(table->currentIndex().row(), 1);
        QVERIFY(table->selectionModel()->isRowSelected(1, QModelIndex()));
        QVERIFY(table->horizontalHeader()->isSortIndicatorShown());
        QCOMPARE(table->verticalScrollBarPolicy(), Qt::ScrollBarAsNeeded);
        QCOMPARE(table->palette().color(QPalette::Highlight), highlight);
    }

    void everyViewExportsValidFiles()
    {
        MainWindow window(nullptr, neverRun);
        QVERIFY(showSyntheticSession(window, QStringLiteral("export.h5")));
        const QString dir = test::scratchDir(QStringLiteral("ui_export"));
        for (ExportableView* view : window.exportableViews()) {
            const QString base = dir + "/" + view->exportName();
            ExportOptions png;
            png.format = ExportFormat::Png;
            png.sizeMm = view->defaultSizeMm(); // smaller sizes may be refused (test_ui_figures)
            png.dpi = 150;
            QString error;
            QVERIFY2(exportView(*view, base + ".png", png, &error), qPrintable(error));
            const QImage image(base + ".png");
            QVERIFY(!image.isNull());
            QCOMPARE(image.width(), qRound(png.sizeMm.width() / 25.4 * 150));
            QCOMPARE(image.height(), qRound(png.sizeMm.height() / 25.4 * 150));
            QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 150);
            // Something was drawn: not every pixel white.
            bool drawn = false;
            for (int y = 0; y < image.height() && !drawn; y += 3)
                for (int x = 0; x < image.width() && !drawn; x += 3)
                    drawn = image.pixel(x, y) != qRgb(255, 255, 255);
            QVERIFY2(drawn, qPrintable(view->exportName()));

            ExportOptions pdf = png;
            pdf.format = ExportFormat::Pdf;
            QVERIFY2(exportView(*view, base + ".pdf", pdf, &error), qPrintable(error));
            QFile pdfFile(base + ".pdf");
            QVERIFY(pdfFile.open(QIODevice::ReadOnly));
            const QByteArray bytes = pdfFile.readAll();
            QVERIFY(bytes.startsWith("%PDF-"));
            QVERIFY(bytes.contains("%%EOF"));

            ExportOptions svg = png;
            svg.format = ExportFormat::Svg;
            QVERIFY2(exportView(*view, base + ".svg", svg, &error), qPrintable(error));
            QSvgRenderer renderer(base + ".svg");
            QVERIFY2(renderer.isValid(), qPrintable(view->exportName()));
        }
        ExportOptions tooBig;
        tooBig.sizeMm = QSizeF(5000, 10);
        QString error;
        QVERIFY(!exportView(*window.orderPlot(), dir + "/big.png", tooBig, &error));
        QVERIFY(error.contains(QStringLiteral("big.png")));
        QVERIFY(!exportView(*window.orderPlot(), dir + "/no-such-dir/x.png", ExportOptions{}, &error));

        // CSV of the visible table: a header and one line per row, exact numbers.
        QVERIFY2(window.tableView()->exportCsv(dir + "/table.csv", &error), qPrintable(error));
        QFile csv(dir + "/table.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), window.tableView()->filterModel()->rowCount() + 1);
        QVERIFY(lines[0].startsWith(QStringLiteral("Words,Type,Order,I: model0,I: model1,Shared")));
        QVERIFY(lines.join('\n').contains(QStringLiteral("time little,AND,2,1.5,1.6000000000000001,2")));
    }
};

QTEST_MAIN(TestUiViews)
#include "test_ui_views.moc"
