#include "prediction_worker.h"

#include "common/error.h"
#include "explain/model_pool.h"
#include "explain/next_tokens.h"
#include "model/model_facts.h"
#include "tokenize/tokenizer.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>

namespace interlens::ui {

namespace {

QVector<TokenPrediction> topK(const Tokenizer& tokenizer, const CausalLM& model, const QString& prompt, int k)
{
    QVector<TokenPrediction> out;
    for (const PredictedToken& predicted : predictNextTokens(model, tokenizer, prompt.toStdString(), k)) {
        TokenPrediction p;
        p.id = static_cast<int>(predicted.id);
        p.token = QString::fromStdString(predicted.token);
        p.text = QString::fromStdString(predicted.text);
        p.prob = std::exp(static_cast<double>(predicted.logProb));
        out.push_back(p);
    }
    return out;
}

} // namespace

QVector<TokenPrediction> predictTopK(const QString& dir, const QString& prompt, int k,
                                     const ComputeDevice& device)
{
    initRuntime();
    const Tokenizer tokenizer = Tokenizer::load(dir.toStdString());
    const auto model = loadSharedCausalLM(dir.toStdString(), device);
    return topK(tokenizer, *model, prompt, k);
}

PredictionWorker::PredictionWorker(std::shared_ptr<std::atomic<quint64>> latest,
                                   std::shared_ptr<ModelPool> pool)
    : m_latest(std::move(latest)), m_pool(std::move(pool))
{
}

PredictionWorker::~PredictionWorker() = default;

void PredictionWorker::run(quint64 generation, const QString& prompt, const QStringList& dirs, int k,
                           const ComputeDevice& device, const QString& target)
{
    QVector<ModelPredictions> result;
    for (const QString& dir : dirs) {
        if (m_latest->load() != generation)
            return; // a newer request is queued: skip the rest of this one
        ModelPredictions one;
        one.dir = dir;
        one.name = QFileInfo(dir).fileName();
        try {
            // The process's pool: a model the explain worker loaded is not loaded a second time here.
            const LoadedModel loaded = m_pool->get(dir.toStdString(), device);
            if (loaded.failed())
                throw InputError(loaded.error);
            one.top = topK(*loaded.tokenizer, *loaded.model, prompt, k);
            if (!target.isEmpty())
                one.target = splitTarget(*loaded.tokenizer, prompt.toStdString(), target.toStdString());
        } catch (const std::exception& e) {
            one.error = QString::fromStdString(e.what());
        }
        result.push_back(std::move(one));
    }
    if (m_latest->load() == generation)
        Q_EMIT ready(generation, result);
}

PredictionController::PredictionController(QObject* parent, std::shared_ptr<ModelPool> pool)
    : QObject(parent), m_latest(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<QVector<ModelPredictions>>();
    m_worker = new PredictionWorker(m_latest, pool ? std::move(pool) : ModelPool::shared());
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PredictionWorker::ready, this,
            [this](quint64 generation, const QVector<ModelPredictions>& p) {
                if (generation == m_latest->load())
                    Q_EMIT ready(generation, p);
            });
    m_thread.setObjectName(QStringLiteral("interlens-predict"));
    m_thread.start();
}

PredictionController::~PredictionController()
{
    m_latest->store(~quint64{0});
    m_thread.quit();
    m_thread.wait();
}

quint64 PredictionController::request(const QString& prompt, const QStringList& dirs, int k,
                                      const ComputeDevice& device, const QString& target)
{
    const quint64 generation = m_latest->fetch_add(1) + 1;
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, generation, prompt, dirs, k, device, target] {
            worker->run(generation, prompt, dirs, k, device, target);
        },
        Qt::QueuedConnection);
    return generation;
}

} // namespace interlens::ui
