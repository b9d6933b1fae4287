// The GUI's item models under QAbstractItemModelTester: the coalition table (one row per AND/OR coalition),
// its sort/filter proxy and the model list; and the data they are built from.
#include "coalition_filter_model.h"
#include "coalition_table_model.h"
#include "common/fixtures.h"
#include "model_list_model.h"
#include "session_controller.h"
#include "ui_test_util.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace interlens;
using namespace interlens::ui;

class TestUiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sessionDataFindsSalientAndSharedCoalitions()
    {
        const auto session = std::make_shared<const Session>(test::syntheticSession(4, 3, true));
        const SessionData data =
            buildSessionData(session, defaultExtraction(*session)); // model0 × model1, joint
        QCOMPARE(data.shownCount(), 2);                             // the failed model is left out
        QCOMPARE(data.playerCount, 4);
        const int row = data.find(InteractionType::And, 0b0011);
        QVERIFY(row >= 0);
        const Coalition& c = data.coalitions[row];
        QCOMPARE(c.order, 2);
        QCOMPARE(c.sharedCount, 2);
        QVERIFY(c.salient[0] && c.salient[1]);
        QCOMPARE(c.values[1], 1.6);
        QCOMPARE(data.words(0b0011), std::string("time little"));
        // Model 0's own strong AND of all four players is salient in it only, and not shared.
        const Coalition& own = data.coalitions[data.find(InteractionType::And, 0b1111)];
        QVERIFY(own.salient[0]);
        QVERIFY(!own.salient[1]);
        QCOMPARE(own.sharedCount, 0);
        // Rows come sorted by max |I|.
        for (size_t i = 1; i < data.coalitions.size(); ++i)
            QVERIFY(data.coalitions[i - 1].maxAbs >= data.coalitions[i].maxAbs);
        QCOMPARE(data.coalitions.front().mask, 0b0011u);
        // Tiny noise is not salient anywhere, so it is not a row.
        QVERIFY(data.coalitions.size() < 2 * 15);
    }

    void coalitionTableModelPassesTheTester()
    {
        SessionController controller;
        CoalitionTableModel* model = controller.coalitionModel();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        controller.setSession(std::make_shared<const Session>(test::syntheticSession(4, 3, true)));
        QVERIFY(model->rowCount() > 3);
        QCOMPARE(model->columnCount(), 3 + 2 + 2); // words, type, order, 2 models, shared, max |I|
        QCOMPARE(model->headerData(model->modelColumn(1), Qt::Horizontal).toString(),
                 QStringLiteral("I: model1"));
        const int row = controller.data().find(InteractionType::And, 0b0011);
        QCOMPARE(model->index(row, CoalitionTableModel::WordsColumn).data().toString(),
                 QStringLiteral("time little"));
        QCOMPARE(model->index(row, CoalitionTableModel::TypeColumn).data().toString(), QStringLiteral("AND"));
        QCOMPARE(model->index(row, model->sharedColumn()).data(CoalitionTableModel::SortRole).toInt(), 2);
        QCOMPARE(model->index(row, model->modelColumn(0)).data(CoalitionTableModel::SortRole).toDouble(),
                 1.5);
        QVERIFY(model->index(row, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("1.6")));
        // A new session resets cleanly (the tester checks the signals), and clearing empties it.
        controller.setSession(std::make_shared<const Session>(test::syntheticSession(3, 2, false)));
        QCOMPARE(model->columnCount(), 3 + 2 + 2);
        controller.clear();
        QCOMPARE(model->rowCount(), 0);
    }

    void filterModelSortsAndFilters()
    {
        SessionController controller;
        controller.setSession(std::make_shared<const Session>(test::syntheticSession(4, 3, true)));
        CoalitionFilterModel filter;
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(controller.coalitionModel());
        const int all = filter.rowCount();
        QCOMPARE(all, controller.coalitionModel()->rowCount());

        filter.setTypeFilter(CoalitionFilterModel::TypeFilter::Or);
        QVERIFY(filter.rowCount() > 0 && filter.rowCount() < all);
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, CoalitionTableModel::TypeColumn).data().toString(),
                     QStringLiteral("OR"));
        filter.setTypeFilter(CoalitionFilterModel::TypeFilter::Both);

        filter.setSharedOnly(true);
        QCOMPARE(filter.rowCount(), 3); // AND {0,1}, AND {2}, OR {1,3}
        filter.setSharedOnly(false);

        filter.setOrderRange(1, 1);
        for (int r = 0; r < filter.rowCount(); ++r)
            QCOMPARE(filter.index(r, CoalitionTableModel::OrderColumn).data().toInt(), 1);
        filter.setOrderRange(1, 64);

        filter.setMinAbs(1.0);
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data().toString(), QStringLiteral("time little"));
        filter.setMinAbs(0.0);

        // Numeric sort on a model column (not text order): descending puts the largest effect first.
        filter.sort(controller.coalitionModel()->modelColumn(0), Qt::DescendingOrder);
        double previous = 1e300;
        for (int r = 0; r < filter.rowCount(); ++r) {
            const double v = filter.index(r, controller.coalitionModel()->modelColumn(0))
                                 .data(CoalitionTableModel::SortRole)
                                 .toDouble();
            QVERIFY(v <= previous);
            previous = v;
        }
        filter.setTextFilter(QStringLiteral("lily"));
        QCOMPARE(filter.rowCount(), 0); // Lily is not a player at n = 4
        filter.setTextFilter(QStringLiteral("girl"));
        QVERIFY(filter.rowCount() > 0);
    }

    void modelListModelShowsFoldersAndStates()
    {
        ModelListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString scratch = test::scratchDir(QStringLiteral("ui_models"));
        const QString good = test::writeTinyModel(scratch + "/tiny");
        const int row = model.addModel(good);
        QCOMPARE(row, 0);
        QCOMPARE(model.addModel(good), 0); // not twice
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ModelListModel::NameColumn).data().toString(), QStringLiteral("tiny"));
        QVERIFY(!model.index(0, ModelListModel::ArchitectureColumn).data().toString().isEmpty());
        QVERIFY(model.info(0).parameters > 256 * 32);
        QCOMPARE(model.index(0, 0).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(model.checkedDirs(), QStringList{model.info(0).dir});

        const int bad = model.addModel(scratch + "/missing");
        QVERIFY(model.index(bad, ModelListModel::StatusColumn)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("failed: ")));
        QVERIFY(!(model.flags(model.index(bad, 0)) & Qt::ItemIsUserCheckable));
        QVERIFY(model.index(bad, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("missing")));
        QCOMPARE(model.checkedDirs().size(), 1);

        model.setChecked(0, false);
        QVERIFY(model.checkedDirs().isEmpty());
        model.setState(0, ModelListModel::State::Running, 0.5, QStringLiteral("scoring"));
        QCOMPARE(model.index(0, ModelListModel::StatusColumn).data().toString(),
                 QStringLiteral("scoring 50%"));
        model.removeModel(bad);
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
