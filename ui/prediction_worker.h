#pragma once

// The target picker's data: each model's top-k next tokens after the prompt (log-softmax in float32, as
// `interlens predict`), computed in a worker thread (GenerationJob: only the newest request is answered).
// Models come from the process's model pool (shared with the explain worker), so editing the prompt only
// costs a forward pass.

#include "common/compute_device.h"
#include "generation_job.h"
#include "target_check.h"

#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVector>

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
    std::shared_ptr<ModelPool> m_pool;
    GenerationJob m_jobs; // last: destroyed first, waiting for the running job
};

} // namespace interlens::ui

Q_DECLARE_METATYPE(interlens::ui::ModelPredictions)
