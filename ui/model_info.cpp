#include "model_info.h"

#include "model/hub_cache.h"
#include "model/model_config.h"
#include "model/model_facts.h"

#include "common/regular_file.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <set>

namespace interlens::ui {

namespace {

void addFile(const QString& path, ModelInfo& info)
{
    const SafetensorsSummary file = summarizeSafetensors(path.toStdString());
    info.parameters += file.elements;
    if (info.storedDtype.isEmpty())
        info.storedDtype = QString::fromStdString(file.firstDtype);
}

} // namespace

ModelInfo readModelInfo(const QString& dir)
{
    ModelInfo info;
    info.dir = QFileInfo(dir).absoluteFilePath();
    info.name =
        QString::fromStdString(modelDisplayName(info.dir.toStdString())); // name@revision for hub snapshots
    info.hasTokenizer =
        QFileInfo::exists(info.dir + "/tokenizer.json") || QFileInfo::exists(info.dir + "/tokenizer.json.gz");
    try {
        const ModelConfig config = readModelConfig(info.dir.toStdString());
        info.architecture = QString::fromStdString(config.architecture);
        info.modelType = QString::fromStdString(config.modelType);
        info.storedDtype = QString::fromStdString(config.torchDtype);
        const QDir folder(info.dir);
        if (folder.exists(QStringLiteral("model.safetensors"))) {
            addFile(folder.filePath(QStringLiteral("model.safetensors")), info);
        } else {
            QFile index(folder.filePath(QStringLiteral("model.safetensors.index.json")));
            if (index.exists()) // a FIFO or a device would block the GUI forever
                interlens::checkRegularFile(index.fileName().toStdString(), interlens::kMaxConfigBytes,
                                            "an index file");
            if (!index.open(QIODevice::ReadOnly))
                throw std::runtime_error("no model.safetensors or model.safetensors.index.json in " +
                                         info.dir.toStdString());
            const QJsonObject map =
                QJsonDocument::fromJson(index.readAll()).object().value("weight_map").toObject();
            std::set<QString> files;
            for (auto it = map.begin(); it != map.end(); ++it)
                files.insert(it.value().toString());
            for (const QString& f : files)
                addFile(folder.filePath(f), info);
        }
        if (!info.hasTokenizer)
            info.error = QObject::tr("no tokenizer.json in %1").arg(info.dir);
    } catch (const std::exception& e) {
        info.error = QString::fromStdString(e.what());
    }
    return info;
}

QString formatParameterCount(std::int64_t count)
{
    if (count >= 1'000'000'000)
        return QString::number(count / 1e9, 'f', 2) + QStringLiteral(" B");
    if (count >= 1'000'000)
        return QString::number(count / 1e6, 'f', 1) + QStringLiteral(" M");
    if (count >= 1'000)
        return QString::number(count / 1e3, 'f', 0) + QStringLiteral(" K");
    return QString::number(count);
}

} // namespace interlens::ui
