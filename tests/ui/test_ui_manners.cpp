// Desktop manners (issue 20): closing with an unsaved result asks first (Cancel keeps the window, Discard
// closes, a saved or opened session closes at once); Ctrl+C copies the selected table rows as TSV; the custom
// views carry the selected coalition as accessible text; F1 shows the README's section; plots follow a dark
// palette.
#include "coalition_filter_model.h"
#include "coalition_table_view.h"
#include "help_dialog.h"
#include "kappa_graph_view.h"
#include "main_window.h"
#include "order_effect_plot.h"
#include "prompt_view.h"
#include "qcp.h"
#include "run_controller.h"
#include "session_controller.h"
#include "store/session_file.h"
#include "ui_test_util.h"

#include "common/fixtures.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace interlens;
using namespace interlens::ui;

namespace {

Session standIn(const ExplainRequest& request, const RunControl&)
{
    Session s = test::syntheticSession(4, 3, false);
    s.meta.prompt = request.prompt;
    return s;
}

ExplainRequest someRequest()
{
    ExplainRequest r;
    r.prompt = "Once upon a time";
    r.players = "a";
    r.modelDirs = {"/m"};
    return r;
}

// Answers the next "unsaved results" prompt with `button` and records whether one was shown.
struct PromptAnswer
{
    bool shown = false;
    void arm(QMessageBox::StandardButton button)
    {
        shown = false;
        QTimer::singleShot(0, [this, button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("unsavedResultsPrompt"))
                return;
            shown = true;
            box->button(button)->click();
        });
    }
};

} // namespace

class TestUiManners : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("InterlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_manners"));
        qputenv("INTERLENS_RESOURCES", test::scratchDir(QStringLiteral("no_resources")).toUtf8());
    }

    void closingWithAnUnsavedResultAsks()
    {
        MainWindow window(nullptr, standIn);
        window.show();
        QVERIFY(!window.hasUnsavedResult());
        window.runController()->submit(someRequest());
        QTRY_VERIFY(window.sessionController()->hasSession());
        QVERIFY(window.hasUnsavedResult());

        PromptAnswer answer;
        answer.arm(QMessageBox::Cancel);
        QVERIFY(!window.close()); // Cancel: the window stays
        QVERIFY(answer.shown);
        QVERIFY(window.isVisible());

        answer.arm(QMessageBox::Discard);
        QVERIFY(window.close());
        QVERIFY(answer.shown);
    }

    void aSavedResultClosesAtOnce()
    {
        MainWindow window(nullptr, standIn);
        window.show();
        window.runController()->submit(someRequest());
        QTRY_VERIFY(window.hasUnsavedResult());
        const QString path = test::scratchDir(QStringLiteral("ui_manners")) + "/saved.h5";
        QString error;
        QVERIFY2(window.sessionController()->save(path, &error), qPrintable(error));
        QVERIFY(!window.hasUnsavedResult());
        PromptAnswer answer;
        answer.arm(QMessageBox::Cancel);
        QVERIFY(window.close());
        QVERIFY(!answer.shown);

        MainWindow reopened(nullptr, standIn); // an opened file is not an unsaved result either
        QVERIFY(reopened.openSession(path));
        QVERIFY(!reopened.hasUnsavedResult());
    }

    void ctrlCCopiesSelectedRowsAsTsv()
    {
        MainWindow window(nullptr, standIn);
        window.show();
        const QString path = test::scratchDir(QStringLiteral("ui_manners")) + "/copy.h5";
        saveSession(test::syntheticSession(4, 3, false), path.toStdString());
        QVERIFY(window.openSession(path));
        QTableView* table = window.tableView()->tableView();
        table->setFocus();
        table->selectionModel()->select(table->model()->index(0, 0),
                                        QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        table->selectionModel()->select(table->model()->index(2, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        QGuiApplication::clipboard()->clear();
        QTest::keySequence(table, QKeySequence::Copy);
        const QStringList lines =
            QGuiApplication::clipboard()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header + two rows
        const int columns = table->model()->columnCount();
        QCOMPARE(lines[0].split(QLatin1Char('\t')).size(), columns);
        QCOMPARE(lines[0].split(QLatin1Char('\t')).first(),
                 table->model()->headerData(0, Qt::Horizontal).toString());
        QCOMPARE(lines[2].split(QLatin1Char('\t')).first(), table->model()->index(2, 0).data().toString());
    }

    void viewsSayTheSelectionAsText()
    {
        MainWindow window(nullptr, standIn);
        const QString path = test::scratchDir(QStringLiteral("ui_manners")) + "/a11y.h5";
        saveSession(test::syntheticSession(4, 3, false), path.toStdString());
        QVERIFY(window.openSession(path));
        SessionController* controller = window.sessionController();
        const int row = controller->data().find(InteractionType::Or, 0b1010);
        controller->selectRow(row);
        const QString text = window.promptView()->accessibleDescription();
        QVERIFY2(text.contains(QLatin1String("OR coalition {little, named}")), qPrintable(text));
        QCOMPARE(window.orderPlot()->accessibleDescription(), text);
        QVERIFY(!window.promptView()->accessibleName().isEmpty());
        QVERIFY(!window.kappaView()->accessibleName().isEmpty());
    }

    void f1ShowsTheReadmeSection()
    {
        // The build tree's documentation is the source tree's README (an installed binary reads share/doc).
        QFile readme(QStringLiteral(INTERLENS_SOURCE_DIR "/README.md"));
        QVERIFY(readme.open(QIODevice::ReadOnly));
        const QString section =
            markdownSection(QString::fromUtf8(readme.readAll()), QStringLiteral("The desktop application"));
        QVERIFY(section.startsWith(QLatin1String("## The desktop application")));
        QVERIFY(!section.contains(QLatin1String("\n## ")));
        MainWindow window(nullptr, standIn);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keySequence(&window, QKeySequence::HelpContents);
        QTRY_VERIFY(window.findChild<QDialog*>(QStringLiteral("helpDialog")) != nullptr);
    }

    void plotsFollowADarkPalette()
    {
        MainWindow window(nullptr, standIn);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        QCustomPlot* plot = window.orderPlot()->findChild<QCustomPlot*>();
        QVERIFY(plot);
        plot->setPalette(dark);
        plot->replot();
        QCOMPARE(plot->xAxis->tickLabelColor(), QColor(230, 230, 230));
        QCOMPARE(plot->xAxis->basePen().color(), QColor(230, 230, 230));
        QImage image = plot->toPixmap(200, 150).toImage();
        QVERIFY(qGray(image.pixel(5, 5)) < 80); // the background is dark
    }
};

QTEST_MAIN(TestUiManners)
#include "test_ui_manners.moc"
