// The model pool the GUI's workers share: one load per model, least recently used dropped beyond the capacity
// (never under a holder), a retrained checkpoint loaded again, a bad folder retried, and two threads asking
// at once (label `threads`: TSan runs it too).
#include "common/fixtures.h"
#include "explain/model_pool.h"
#include "model/causal_lm.h"
#include "study_test_util.h"

#include <QTest>

#include <set>
#include <thread>

using namespace interlens;

class TestModelPool : public QObject
{
    Q_OBJECT

private:
    QString m_dir;
    std::string m_a, m_b, m_c;

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = test::scratchDir("model_pool");
        m_a = test::writeTinyStudyModel(m_dir + "/a", 1);
        m_b = test::writeTinyStudyModel(m_dir + "/b", 2);
        m_c = test::writeTinyStudyModel(m_dir + "/c", 3);
    }

    void sameModelTwiceLoadsOnce()
    {
        ModelPool pool(4);
        const LoadedModel first = pool.get(m_a, ComputeDevice{});
        QVERIFY2(!first.failed(), first.error.c_str());
        const LoadedModel second = pool.get(m_a, ComputeDevice{});
        QCOMPARE(second.model.get(), first.model.get());
        QCOMPARE(second.tokenizer.get(), first.tokenizer.get());
        QCOMPARE(pool.size(), size_t{1});
    }

    void capacityDropsTheLeastRecentlyUsed()
    {
        ModelPool pool(2);
        const LoadedModel a = pool.get(m_a, ComputeDevice{});
        const LoadedModel b = pool.get(m_b, ComputeDevice{});
        QCOMPARE(pool.get(m_a, ComputeDevice{}).model.get(), a.model.get()); // a is now the most recent
        const LoadedModel c = pool.get(m_c, ComputeDevice{});                // drops b
        QCOMPARE(pool.size(), size_t{2});
        QCOMPARE(pool.get(m_a, ComputeDevice{}).model.get(), a.model.get());
        // b was dropped, yet the copy held here still works (a model in use is not freed); asking again loads
        // it anew.
        QVERIFY(b.model->vocabSize() > 0);
        QVERIFY(pool.get(m_b, ComputeDevice{}).model.get() != b.model.get());
    }

    void aRetrainedCheckpointIsLoadedAgain()
    {
        ModelPool pool(4);
        const std::string dir = test::writeTinyStudyModel(m_dir + "/retrained", 10);
        const LoadedModel before = pool.get(dir, ComputeDevice{});
        test::writeTinyStudyModel(m_dir + "/retrained", 11); // same folder, same shapes, other weights
        const LoadedModel after = pool.get(dir, ComputeDevice{});
        QVERIFY(after.model.get() != before.model.get());
        QVERIFY(after.model->weightsFingerprint() != before.model->weightsFingerprint());
        QCOMPARE(pool.get(dir, ComputeDevice{}).model.get(), after.model.get());
    }

    void aBadFolderGivesItsErrorAndIsTriedAgain()
    {
        ModelPool pool(4);
        const LoadedModel missing = pool.get((m_dir + "/missing").toStdString(), ComputeDevice{});
        QVERIFY(missing.failed());
        QVERIFY2(missing.error.find("missing") != std::string::npos, missing.error.c_str());
        QCOMPARE(pool.size(), size_t{0});
    }

    void twoThreadsAtOnceShareOneLoad()
    {
        ModelPool pool(2);
        std::vector<LoadedModel> got[2];
        const auto ask = [&](int t) {
            for (int i = 0; i < 6; ++i)
                got[t].push_back(pool.get(i % 2 == 0 ? m_a : m_b, ComputeDevice{}));
        };
        std::thread one(ask, 0);
        std::thread two(ask, 1);
        one.join();
        two.join();
        std::set<const CausalLM*> as, bs;
        for (const auto& list : got)
            for (size_t i = 0; i < list.size(); ++i) {
                QVERIFY2(!list[i].failed(), list[i].error.c_str());
                (i % 2 == 0 ? as : bs).insert(list[i].model.get());
            }
        // Capacity 2 holds both, so each model was loaded exactly once, whichever thread asked first.
        QCOMPARE(as.size(), size_t{1});
        QCOMPARE(bs.size(), size_t{1});
    }
};

QTEST_GUILESS_MAIN(TestModelPool)
#include "test_model_pool.moc"
