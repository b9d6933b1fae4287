#include "study_controller.h"

#include "common/error.h"
#include "file_loader.h"
#include "store/session.h"
#include "study/study_aggregate_view.h"
#include "study/study_file.h"
#include "study/study_session.h"

#include <QFileInfo>

#include <limits>

namespace interlens::ui {

StudyController::StudyController(QObject* parent) : QObject(parent) {}

bool StudyController::open(const QString& path, QString* error)
{
    OpenedFile file = readOpenedFile(path, FileKind::Study);
    if (!file.error.isEmpty()) {
        if (error)
            *error = file.error;
        return false;
    }
    show(std::move(*file.study), file.path);
    return true;
}

void StudyController::show(Study study, const QString& path)
{
    std::vector<StudyPair> pairs;
    const auto models = static_cast<int>(study.meta.models.size());
    for (int a = 0; a < models; ++a)
        for (int b = a + 1; b < models; ++b)
            pairs.push_back({a, b, study.meta.models[a].id + "__" + study.meta.models[b].id});
    m_study = std::move(study);
    m_pairs = std::move(pairs);
    m_loaded = true;
    m_path = QFileInfo(path).absoluteFilePath();
    m_currentPair = m_pairs.empty() ? -1 : 0;
    m_withoutTop1 = false;
    Q_EMIT studyChanged();
    Q_EMIT currentPairChanged(m_currentPair);
}

QStringList StudyController::modelIds() const
{
    QStringList ids;
    for (const StudyModel& m : m_study.meta.models)
        ids << QString::fromStdString(m.id);
    return ids;
}

int StudyController::pairIndex(int a, int b) const
{
    if (a > b)
        std::swap(a, b);
    for (std::size_t i = 0; i < m_pairs.size(); ++i)
        if (m_pairs[i].a == a && m_pairs[i].b == b)
            return static_cast<int>(i);
    return -1;
}

QString StudyController::pairTitle(int pair) const
{
    if (pair < 0 || pair >= static_cast<int>(m_pairs.size()))
        return {};
    const StudyPair& p = m_pairs[static_cast<std::size_t>(pair)];
    return QStringLiteral("%1 × %2").arg(
        QString::fromStdString(m_study.meta.models[static_cast<std::size_t>(p.a)].id),
        QString::fromStdString(m_study.meta.models[static_cast<std::size_t>(p.b)].id));
}

void StudyController::selectPair(int index)
{
    if (index < 0 || index >= static_cast<int>(m_pairs.size()) || index == m_currentPair)
        return;
    m_currentPair = index;
    Q_EMIT currentPairChanged(index);
}

void StudyController::setMeasure(Measure measure)
{
    if (measure == m_measure)
        return;
    m_measure = measure;
    Q_EMIT settingsChanged();
}

QStringList StudyController::kappaVariants()
{
    return {QStringLiteral("kappa"),
            QStringLiteral("kappa_directed"),
            QStringLiteral("signed_utility"),
            QStringLiteral("salient_denominator"),
            QStringLiteral("per_prompt_mean"),
            QStringLiteral("overlap"),
            QStringLiteral("independent_kappa"),
            QStringLiteral("shared_count")};
}

QString StudyController::kappaVariantTitle(const QString& name)
{
    if (name == QLatin1String("kappa"))
        return tr("κ (primary)");
    if (name == QLatin1String("kappa_directed"))
        return tr("κ row ← column");
    if (name == QLatin1String("signed_utility"))
        return tr("κ (a) signed utility");
    if (name == QLatin1String("salient_denominator"))
        return tr("κ (b) salient denominator");
    if (name == QLatin1String("per_prompt_mean"))
        return tr("κ (c) per-prompt mean");
    if (name == QLatin1String("overlap"))
        return tr("κ (d) overlap");
    if (name == QLatin1String("independent_kappa"))
        return tr("κ, single-model extraction");
    if (name == QLatin1String("shared_count"))
        return tr("shared interactions");
    return name;
}

void StudyController::setKappaVariant(const QString& name)
{
    if (name == m_kappaVariant || !kappaVariants().contains(name))
        return;
    m_kappaVariant = name;
    Q_EMIT settingsChanged();
}

bool StudyController::hasUnfilteredAggregate() const
{
    return m_loaded && interlens::withoutTop1Filter(m_study.aggregate);
}

void StudyController::setWithoutTop1Filter(bool on)
{
    on = on && hasUnfilteredAggregate();
    if (on == m_withoutTop1)
        return;
    m_withoutTop1 = on;
    Q_EMIT settingsChanged();
}

const AggNode* StudyController::aggregate() const
{
    if (!m_loaded)
        return nullptr;
    if (m_withoutTop1)
        if (const AggNode* unfiltered = interlens::withoutTop1Filter(m_study.aggregate))
            return unfiltered;
    return &m_study.aggregate;
}

const AggNode* StudyController::pairRole(int pair, int role) const
{
    const AggNode* root = aggregate();
    if (!root || pair < 0 || pair >= static_cast<int>(m_pairs.size()))
        return nullptr;
    return pairRoleNode(*root, m_pairs[static_cast<std::size_t>(pair)].name, role);
}

std::vector<double> StudyController::kappaMatrix() const
{
    const std::size_t models = m_study.meta.models.size();
    std::vector<double> matrix(models * models, std::numeric_limits<double>::quiet_NaN());
    if (const AggNode* root = aggregate())
        if (const std::optional<KappaMatrices> kappa = kappaMatrices(*root))
            if (const std::vector<double>* values = kappa->variant(m_kappaVariant.toStdString());
                values && values->size() == matrix.size())
                matrix = *values;
    return matrix;
}

int StudyController::keptCount() const
{
    const AggNode* root = aggregate();
    if (!root)
        return 0;
    return static_cast<int>(scalarOr(*root, "kept", 0.0));
}

std::shared_ptr<const Session> StudyController::promptSession(int row, QString* error) const
{
    try {
        if (!m_loaded || row < 0 || row >= static_cast<int>(m_study.prompts.size()))
            throw InputError("no such prompt in the study");
        const PromptRecord& brief = m_study.prompts[static_cast<std::size_t>(row)];
        if (brief.status != PromptStatus::Done)
            return std::make_shared<const Session>(sessionFromStudyRecord(m_study.meta, brief)); // throws why
        const PromptRecord record = loadStudyPrompt(m_path.toStdString(), brief.prompt.index);
        return std::make_shared<const Session>(sessionFromStudyRecord(m_study.meta, record));
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return nullptr;
    }
}

} // namespace interlens::ui
