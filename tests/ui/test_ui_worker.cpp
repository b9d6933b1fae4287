// The worker that drives core: progress, cancel, the newest request wins (stale generations dropped), cached
// results at once, a real run on a random checkpoint (with a failing folder beside it), and the top-k picker.
#include "common/error.h"
#include "common/fixtures.h"
#include "explain/explain_run.h"
#include "file_loader.h"
#include "main_window.h"
#include "model/runtime.h"
#include "prediction_worker.h"
#include "prompt_editor.h"
#include "prompt_view.h"
#include "run_controller.h"
#include "run_panel.h"
#include "session_controller.h"
#include "store/session_file.h"
#include "ui_test_util.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace interlens;
using namespace interlens::ui;

namespace {

// Runs ~`steps` × 10 ms, checking the cancel flag and reporting progress; the session records the prompt.
ExplainFunction slowFunction(int steps, std::atomic<int>* calls = nullptr)
{
    return [steps, calls](const ExplainRequest& request, const RunControl& control) {
        if (calls)
            ++*calls;
        for (int i = 0; i < steps; ++i) {
            throwIfCancelled(control.cancel);
            if (control.progress)
                control.progress({0, "m", ProgressStage::Scoring, 1.0 * i / steps, 0.8 * i / steps, {}});
            QThread::msleep(10);
        }
        Session s = test::syntheticSession(3, 2, false);
        s.meta.prompt = request.prompt;
        return s;
    };
}

ExplainRequest requestFor(const std::string& prompt)
{
    ExplainRequest r;
    r.prompt = prompt;
    r.players = std::string("a"); // not = "a": GCC 12 -Wrestrict false positive (bug 105329)
    r.modelDirs = {"/m"};
    return r;
}

} // namespace

class TestUiWorker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("InterlensTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_worker"));
        qputenv("INTERLENS_RESOURCES", test::scratchDir(QStringLiteral("no_resources")).toUtf8());
        qputenv("INTERLENS_V_CACHE", (test::scratchDir(QStringLiteral("v_cache")) + "/v.h5").toUtf8());
    }

    void runReportsProgressAndFinishesOnTheGuiThread()
    {
        RunController runs(slowFunction(10));
        QSignalSpy progress(&runs, &RunController::progress);
        QSignalSpy finished(&runs, &RunController::finished);
        bool onGuiThread = false;
        connect(&runs, &RunController::finished, this,
                [&] { onGuiThread = QThread::currentThread() == thread(); });
        const quint64 gen = runs.submit(requestFor("one"));
        QVERIFY(runs.isBusy());
        QVERIFY(finished.wait(5000));
        QVERIFY(onGuiThread);
        QCOMPARE(finished.first().at(0).toULongLong(), gen);
        QCOMPARE(finished.first().at(1).value<SessionPtr>()->meta.prompt, std::string("one"));
        QCOMPARE(finished.first().at(2).toBool(), false);
        QVERIFY(!progress.isEmpty());
        // The fields as core sent them: the model's index and stage, no text to parse.
        const auto event = progress.last().at(1).value<ProgressEvent>();
        QVERIFY(event.overall >= 0.0 && event.overall <= 1.0);
        QCOMPARE(event.model, std::optional<size_t>(0));
        QCOMPARE(event.modelName, std::string("m"));
        QVERIFY(event.stage == ProgressStage::Scoring);
        QVERIFY(!runs.isBusy());
    }

    void cancelStopsTheRun()
    {
        RunController runs(slowFunction(500)); // 5 s unless cancelled
        QSignalSpy progress(&runs, &RunController::progress);
        QSignalSpy cancelled(&runs, &RunController::cancelled);
        QSignalSpy finished(&runs, &RunController::finished);
        QElapsedTimer timer;
        timer.start();
        const quint64 gen = runs.submit(requestFor("long"));
        QVERIFY(progress.wait(2000));
        runs.cancel();
        QVERIFY(cancelled.wait(2000));
        QCOMPARE(cancelled.first().at(0).toULongLong(), gen);
        QVERIFY2(timer.elapsed() < 2500, "cancel took too long");
        QTest::qWait(50);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!runs.isBusy());
    }

    void newestRequestWinsAndTheCacheAnswersAtOnce()
    {
        std::atomic<int> calls{0};
        RunController runs(slowFunction(30, &calls));
        QSignalSpy finished(&runs, &RunController::finished);
        QSignalSpy cancelled(&runs, &RunController::cancelled);
        const quint64 first = runs.submit(requestFor("first"));
        const quint64 second = runs.submit(requestFor("second"));
        const quint64 third = runs.submit(requestFor("third"));
        QVERIFY(second > first && third > second);
        QVERIFY(finished.wait(5000));
        QTest::qWait(400); // anything stale would have arrived by now
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(0).toULongLong(), third);
        QCOMPARE(finished.first().at(1).value<SessionPtr>()->meta.prompt, std::string("third"));
        QCOMPARE(cancelled.count(), 0); // stale generations are dropped silently
        QVERIFY(calls.load() <= 3);

        // The same request again: from the cache, synchronously, no new call.
        const int before = calls.load();
        finished.clear();
        runs.submit(requestFor("third"));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(2).toBool(), true);
        QCOMPARE(calls.load(), before);
    }

    void errorsOfTheRequestAreReported()
    {
        RunController runs([](const ExplainRequest&, const RunControl&) -> Session {
            throw InputError("explain: 'zebra' is not a word of the prompt");
        });
        QSignalSpy failed(&runs, &RunController::failed);
        runs.submit(requestFor("x"));
        QVERIFY(failed.wait(3000));
        QVERIFY(failed.first().at(1).toString().contains(QStringLiteral("zebra")));
    }

    void filesOpenOffTheGuiThreadAndTheNewestWins()
    {
        const QString dir = test::scratchDir(QStringLiteral("ui_worker_files"));
        const auto save = [&](const QString& name, const std::string& prompt) {
            Session session = test::syntheticSession(3, 2, false);
            session.meta.prompt = prompt;
            saveSession(session, (dir + "/" + name).toStdString());
            return dir + "/" + name;
        };
        const QString first = save(QStringLiteral("first.h5"), "first");
        const QString second = save(QStringLiteral("second.h5"), "second");
        FileLoader files;
        QSignalSpy opened(&files, &FileLoader::opened);
        const quint64 generation = files.open(first);
        QVERIFY(files.isBusy());
        QVERIFY(
            opened.isEmpty()); // open() returns before the file is read; the result comes through the loop
        QVERIFY(opened.wait(5000));
        QCOMPARE(opened.first().at(0).toULongLong(), generation);
        OpenedFilePtr file = opened.first().at(1).value<OpenedFilePtr>();
        QCOMPARE(file->path, first);
        QVERIFY(!file->isStudy);
        QCOMPARE(file->session->meta.prompt, std::string("first"));
        QVERIFY(!files.isBusy());

        opened.clear();
        files.open(first);
        const quint64 newest = files.open(second);
        QVERIFY(opened.wait(5000));
        QTest::qWait(200); // the superseded result would have arrived by now
        QCOMPARE(opened.count(), 1);
        QCOMPARE(opened.first().at(0).toULongLong(), newest);
        QCOMPARE(opened.first().at(1).value<OpenedFilePtr>()->session->meta.prompt, std::string("second"));
    }

    void aCorruptFileOpenedInTheBackgroundNamesTheFile()
    {
        MainWindow window(nullptr, slowFunction(1));
        window.setQuietErrors(true); // the error goes to lastError() and the status bar, not a modal dialog
        const QString dir = test::scratchDir(QStringLiteral("ui_worker_corrupt"));
        QFile junk(dir + "/junk.h5");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not HDF5");
        junk.close();
        QSignalSpy failed(window.fileLoader(), &FileLoader::failed);
        window.openFileInBackground(junk.fileName());
        QVERIFY(failed.wait(5000));
        QVERIFY2(window.lastError().contains(QStringLiteral("junk.h5")), qPrintable(window.lastError()));
        QVERIFY(!window.sessionController()->hasSession());

        // A good file next is shown, as the blocking open shows it.
        const QString good = dir + "/good.h5";
        saveSession(test::syntheticSession(3, 2, false), good.toStdString());
        QSignalSpy opened(window.fileLoader(), &FileLoader::opened);
        window.openFileInBackground(good);
        QVERIFY(opened.wait(5000));
        QVERIFY(window.sessionController()->hasSession());
        QCOMPARE(window.sessionController()->filePath(), QFileInfo(good).absoluteFilePath());
    }

    void realRunOnARandomCheckpoint()
    {
        const QString scratch = test::scratchDir(QStringLiteral("ui_worker_real"));
        const QString a = test::writeTinyModel(scratch + "/tiny-a", 1);
        const QString b = test::writeTinyModel(scratch + "/tiny-b", 2);
        MainWindow window; // the real runExplain
        window.setQuietErrors(true);
        window.addModelFolder(a);
        window.addModelFolder(b);
        window.addModelFolder(scratch + "/tiny-missing"); // listed as failed, not checked
        window.runPanel();
        QSignalSpy finished(window.runController(), &RunController::finished);
        auto* editor = window.runPanel();
        Q_UNUSED(editor);
        // Prompt and players through the editor, as a user would.
        auto* prompt = window.findChild<PromptEditor*>();
        QVERIFY(prompt);
        prompt->setText(QStringLiteral("the cat sat on the mat and then"));
        prompt->setPlayersFromList({QStringLiteral("cat"), QStringLiteral("sat"), QStringLiteral("mat")});
        QCOMPARE(prompt->playersSpec(), QStringLiteral("cat,sat,mat"));
        window.startRun();
        QVERIFY(finished.wait(30000));
        QCOMPARE(window.lastError(), QString());
        const SessionData& data = window.sessionController()->data();
        QCOMPARE(data.session->models.size(), size_t{2});
        QCOMPARE(data.shownCount(), 2);
        QCOMPARE(data.model(0).iAnd.size(), size_t{8});
        QCOMPARE(data.session->pairs.size(), size_t{1});
        QCOMPARE(window.promptView()->rowCount(), 2);
    }

    void topKPredictions()
    {
        // Through the controller, as the target picker gets them: models from the process's pool.
        const QString dir = test::writeTinyModel(test::scratchDir(QStringLiteral("ui_predict")) + "/tiny", 3);
        PredictionController controller;
        QSignalSpy ready(&controller, &PredictionController::ready);
        controller.request(QStringLiteral("stale"), {dir}, 3, chooseDevice("cpu"));
        const quint64 newest = controller.request(QStringLiteral("the cat sat"), {dir, dir + "-missing"}, 5,
                                                  chooseDevice("cpu"));
        QVERIFY(ready.wait(10000));
        QTest::qWait(100);
        QCOMPARE(ready.count(), 1);
        QCOMPARE(ready.first().at(0).toULongLong(), newest);
        const auto result = ready.first().at(1).value<QVector<ModelPredictions>>();
        QCOMPARE(result.size(), 2);
        const QVector<TokenPrediction>& top = result[0].top;
        QCOMPARE(top.size(), 5);
        double sum = 0;
        for (int i = 0; i < top.size(); ++i) {
            QVERIFY(top[i].prob > 0 && top[i].prob <= 1);
            if (i > 0)
                QVERIFY(top[i].prob <= top[i - 1].prob);
            sum += top[i].prob;
        }
        QVERIFY(sum <= 1.0 + 1e-6);
        QVERIFY(!result[1].error.isEmpty());
    }
};

QTEST_MAIN(TestUiWorker)
#include "test_ui_worker.moc"
