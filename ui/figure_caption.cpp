#include "figure_caption.h"

#include "session_data.h"
#include "study_controller.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QObject>

namespace interlens::ui {

namespace {

QString modeOf(const SessionMeta& meta, const char* key)
{
    const auto it = meta.solverSettings.find(key);
    return it == meta.solverSettings.end() || it->second.empty() ? QObject::tr("mode not recorded")
                                                                 : QString::fromStdString(it->second);
}

} // namespace

QString sessionCaption(const SessionData& data, bool kappaGraph)
{
    if (!data.session)
        return {};
    const SessionMeta& meta = data.session->meta;
    QStringList models;
    if (kappaGraph) {
        for (const ModelResult& m : data.session->models)
            models << QString::fromStdString(m.id);
    } else {
        for (int k = 0; k < data.shownCount(); ++k)
            models << QString::fromStdString(data.model(k).id);
    }
    const QString target = meta.targetWord.empty()
                               ? QObject::tr("each model's top-1")
                               : QStringLiteral("“%1”").arg(QString::fromStdString(meta.targetWord));
    const QString extraction =
        kappaGraph ? QObject::tr("κ from each pair's joint extraction, %1").arg(modeOf(meta, "joint_mode"))
                   : QString::fromStdString(data.extractionName());
    return QObject::tr("Models: %1 · target %2 · baseline %3 · %4")
        .arg(models.isEmpty() ? QObject::tr("none") : models.join(QStringLiteral(", ")), target,
             QString::fromStdString(meta.baseline), extraction);
}

QString studyCaption(const StudyController& controller)
{
    if (!controller.hasStudy())
        return {};
    const StudyMeta& meta = controller.study().meta;
    QString baseline = QObject::tr("not recorded");
    QString mode = QObject::tr("not recorded");
    try {
        const nlohmann::json options = nlohmann::json::parse(meta.runOptions);
        if (options.contains("baseline") && options["baseline"].is_string())
            baseline = QString::fromStdString(options["baseline"].get<std::string>());
        if (options.contains("mode") && options["mode"].is_string())
            mode = QString::fromStdString(options["mode"].get<std::string>());
    } catch (const std::exception&) {
        // An unreadable options text: the caption says "not recorded".
    }
    const int pair = controller.currentPair();
    return QObject::tr(
               "Study %1: models %2 · pair %3 · baseline %4 · joint extraction, %5 · %6 of %7 prompts kept%8")
        .arg(QFileInfo(controller.filePath()).fileName(), controller.modelIds().join(QStringLiteral(", ")),
             pair >= 0 ? controller.pairTitle(pair) : QObject::tr("none"), baseline, mode)
        .arg(controller.keptCount())
        .arg(meta.promptCount)
        .arg(controller.withoutTop1Filter() ? QObject::tr(" (without the top-1 filter)") : QString());
}

} // namespace interlens::ui
