#pragma once

// The target picker's data: each model's top-k next tokens after the prompt (log-softmax in float32, as
// `interlens predict`), computed in a worker thread. Models come from the process's model pool (shared with
// the explain worker), so editing the prompt only costs a forward pass. Requests carry a generation; only the
// newest one is answered.

#include "model/runtime.h"
#include "target_check.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QThread>
#include <QVector>

#include <atomic>
#include <memory>

namespace interlens {
class ModelPool;
}

namespace interlens::ui {

struct TokenPrediction
{
    int id = -1;
    QString token; // vocabulary entry ("Ġpark")
    QString text;  // decoded text (" park")
    double prob = 0.0;
};

struct ModelPredictions
{
    QString dir;
    QString name;
    QVector<TokenPrediction> top;
    TargetSplit target; // how the requested target word splits (tokens 0 when no target was asked about)
    QString error;
};

// Top-k after `prompt` for the model in `dir` (blocking). Throws InputError for unusable folders.
QVector<TokenPrediction> predictTopK(const QString& dir, const QString& prompt, int k,
                                     const ComputeDevice& device);

class PredictionWorker;

class PredictionController : public QObject
{
    Q_OBJECT
public:
    // `pool`: where models come from (null: ModelPool::shared(), the one the explain worker uses too).
    explicit PredictionController(QObject* parent = nullptr, std::shared_ptr<ModelPool> pool = nullptr);
    ~PredictionController() override;

    // `target`: a word whose split each model reports too ("" for none).
    quint64 request(const QString& prompt, const QStringList& dirs, int k, const ComputeDevice& device,
                    const QString& target = {});

Q_SIGNALS:
    void ready(quint64 generation, const QVector<interlens::ui::ModelPredictions>& predictions);

private:
    QThread m_thread;
    PredictionWorker* m_worker;
    std::shared_ptr<std::atomic<quint64>> m_latest;
};

class PredictionWorker : public QObject
{
    Q_OBJECT
public:
    PredictionWorker(std::shared_ptr<std::atomic<quint64>> latest, std::shared_ptr<ModelPool> pool);
    ~PredictionWorker() override;
    void run(quint64 generation, const QString& prompt, const QStringList& dirs, int k,
             const ComputeDevice& device, const QString& target);

Q_SIGNALS:
    void ready(quint64 generation, const QVector<interlens::ui::ModelPredictions>& predictions);

private:
    std::shared_ptr<std::atomic<quint64>> m_latest;
    std::shared_ptr<ModelPool> m_pool;
};

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::ModelPredictions)
