#include "prediction_worker.h"

#include "common/error.h"
#include "explain/model_pool.h"
#include "explain/next_tokens.h"
#include "tokenize/tokenizer.h"

#include <QFileInfo>

#include <cmath>
#include <functional>

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

// Each model's predictions, in `dirs` order; stops early (and returns nothing) once `stillWanted` is false.
QVector<ModelPredictions> predictAll(ModelPool& pool, const QString& prompt, const QStringList& dirs, int k,
                                     const ComputeDevice& device, const QString& target,
                                     const std::function<bool()>& stillWanted)
{
    QVector<ModelPredictions> result;
    for (const QString& dir : dirs) {
        if (!stillWanted())
            return {}; // a newer request is queued: skip the rest of this one
        ModelPredictions one;
        one.dir = dir;
        one.name = QFileInfo(dir).fileName();
        try {
            // The process's pool: a model the explain worker loaded is not loaded a second time here.
            const LoadedModel loaded = pool.get(dir.toStdString(), device);
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
    return result;
}

} // namespace

PredictionController::PredictionController(QObject* parent, std::shared_ptr<ModelPool> pool)
    : QObject(parent), m_pool(pool ? std::move(pool) : ModelPool::shared()),
      m_jobs(QStringLiteral("interlens-predict"))
{
    qRegisterMetaType<QVector<ModelPredictions>>();
}

PredictionController::~PredictionController() = default;

quint64 PredictionController::request(const QString& prompt, const QStringList& dirs, int k,
                                      const ComputeDevice& device, const QString& target)
{
    const quint64 generation = m_jobs.start();
    m_jobs.post(generation, [this, generation, prompt, dirs, k, device, target] {
        const QVector<ModelPredictions> result =
            predictAll(*m_pool, prompt, dirs, k, device, target,
                       [this, generation] { return m_jobs.isCurrent(generation); });
        m_jobs.finish(generation, [this, generation, result] { Q_EMIT ready(generation, result); });
    });
    return generation;
}

} // namespace interlens::ui
