#include "study_prompt_model.h"

#include "study_controller.h"

#include "study/study_aggregate.h"
#include "study/study_options.h"

#include <QBrush>
#include <QColor>

#include <cmath>

namespace interlens::ui {

namespace {

QString ordinal(qint64 rank) // 1 -> "1st"
{
    const qint64 lastTwo = rank % 100;
    const char* suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
                         : rank % 10 == 1               ? "st"
                         : rank % 10 == 2               ? "nd"
                         : rank % 10 == 3               ? "rd"
                                                        : "th";
    return QString::number(rank) + QLatin1String(suffix);
}

// Why a prompt is not in the aggregates, as a sentence a reader of the table understands without the code
// names (top1, small_u, ...).
QString plainReason(const PromptRecord& r, const std::string& why, const StudyAggregateOptions& options)
{
    const QString target = QString::fromStdString(r.prompt.target);
    const QString detail =
        r.reason.empty() ? QString() : QStringLiteral(" (%1)").arg(QString::fromStdString(r.reason));
    if (why == "top1") {
        QStringList models;
        for (const ModelResult& m : r.models)
            if (!m.top1())
                models << (m.targetRank >= 0
                               ? QObject::tr("%1 ranks it %2")
                                     .arg(QString::fromStdString(m.id), ordinal(m.targetRank + 1))
                               : QString::fromStdString(m.id));
        return QObject::tr("removed: “%1” is not every model's first choice: %2 (top-1 filter)")
            .arg(target, models.isEmpty() ? QObject::tr("a model did not predict it")
                                          : models.join(QStringLiteral(", ")));
    }
    if (why == "small_u") {
        QStringList models;
        for (const ModelResult& m : r.models)
            if (!(std::abs(m.u) >= options.minUtility))
                models << QObject::tr("%1 |u| = %2")
                              .arg(QString::fromStdString(m.id))
                              .arg(std::abs(m.u), 0, 'g', 3);
        return QObject::tr(
                   "removed: masking every player barely moves the prediction (%1 < %2; utility filter)")
            .arg(models.join(QStringLiteral(", ")))
            .arg(options.minUtility);
    }
    if (why == "stop_word_target")
        return QObject::tr("skipped: the target “%1” is a stop word").arg(target) + detail;
    if (why == "players")
        return QObject::tr("skipped: too few words to use as players") + detail;
    if (why == "pending")
        return QObject::tr("not run yet (another shard, or the study was stopped)");
    if (why == "model_error")
        return QObject::tr("failed: a model could not score it") + detail;
    return QObject::tr("failed") + detail;
}

} // namespace

StudyPromptModel::StudyPromptModel(StudyController* controller, QObject* parent)
    : QAbstractTableModel(parent), m_controller(controller)
{
    connect(controller, &StudyController::studyChanged, this, &StudyPromptModel::refresh);
    connect(controller, &StudyController::settingsChanged, this, &StudyPromptModel::refresh);
    connect(controller, &StudyController::currentPairChanged, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, KappaColumn), index(rowCount() - 1, KappaColumn));
    });
    refresh();
}

void StudyPromptModel::refresh()
{
    beginResetModel();
    m_outcome.clear();
    m_kept.clear();
    if (m_controller->hasStudy()) {
        StudyAggregateOptions options;
        try {
            options = aggregateOptionsFromJson(m_controller->study().meta.aggregateOptions);
        } catch (const std::exception&) {
            // An unreadable setting leaves the defaults: the column is a guide, the aggregates are in the
            // file.
        }
        options.requireTop1 = options.requireTop1 && !m_controller->withoutTop1Filter();
        for (const PromptRecord& r : m_controller->study().prompts) {
            std::string why;
            const bool kept = keptForAggregate(r, options, &why);
            m_kept.push_back(kept);
            m_outcome.push_back(kept ? tr("kept") : plainReason(r, why, options));
        }
    }
    endResetModel();
}

int StudyPromptModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_outcome.size());
}

int StudyPromptModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StudyPromptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn:
        return tr("#");
    case IdColumn:
        return tr("id");
    case OutcomeColumn:
        return tr("outcome");
    case TargetColumn:
        return tr("target");
    case KappaColumn:
        return tr("κ (pair, this prompt)");
    case SecondsColumn:
        return tr("seconds");
    case PlayersColumn:
        return tr("players");
    case TextColumn:
        return tr("prompt");
    default:
        return {};
    }
}

QVariant StudyPromptModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const PromptRecord& r = m_controller->study().prompts[row];
    double kappa = std::nan("");
    const int pair = m_controller->currentPair();
    if (pair >= 0 && pair < static_cast<int>(r.pairs.size()))
        kappa = r.pairs[static_cast<std::size_t>(pair)].primaryKappa();
    QStringList players;
    for (const std::string& w : r.playerWords)
        players << QString::fromStdString(w);

    if (role == KeptRole)
        return static_cast<bool>(m_kept[row]);
    if (role == Qt::ForegroundRole && !m_kept[row])
        return QBrush(QColor(120, 120, 120));
    if (role == Qt::ToolTipRole) {
        QString tip = QString::fromStdString(r.prompt.text) + QStringLiteral(" → ") +
                      QString::fromStdString(r.prompt.target);
        if (!r.reason.empty())
            tip += QStringLiteral("\n") + QString::fromStdString(r.reason);
        if (r.status == PromptStatus::Done)
            tip += tr("\nDouble-click to open it in the single-prompt views.");
        return tip;
    }
    if (role == SortRole) {
        switch (index.column()) {
        case IndexColumn:
            return static_cast<qlonglong>(r.prompt.index);
        case KappaColumn:
            return std::isnan(kappa) ? -1.0 : kappa;
        case SecondsColumn:
            return r.seconds;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IndexColumn:
        return static_cast<qlonglong>(r.prompt.index);
    case IdColumn:
        return QString::fromStdString(r.prompt.id);
    case OutcomeColumn:
        return m_outcome[row];
    case TargetColumn:
        return QString::fromStdString(r.prompt.target);
    case KappaColumn:
        return std::isnan(kappa) ? QString() : QString::number(kappa, 'f', 3);
    case SecondsColumn:
        return QString::number(r.seconds, 'f', 1);
    case PlayersColumn:
        return players.join(QStringLiteral(", "));
    case TextColumn:
        return QString::fromStdString(r.prompt.text);
    default:
        return {};
    }
}

} // namespace interlens::ui
