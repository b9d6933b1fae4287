#include "coalition_table_model.h"

#include <QBrush>
#include <QColor>

namespace interlens::ui {

CoalitionTableModel::CoalitionTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CoalitionTableModel::setSessionData(const SessionData* data)
{
    beginResetModel();
    m_data = data;
    endResetModel();
}

const Coalition* CoalitionTableModel::coalition(int row) const
{
    if (!m_data || row < 0 || row >= static_cast<int>(m_data->coalitions.size()))
        return nullptr;
    return &m_data->coalitions[row];
}

int CoalitionTableModel::sharedColumn() const
{
    return FirstModelColumn + (m_data ? m_data->shownCount() : 0);
}

int CoalitionTableModel::maxAbsColumn() const
{
    return sharedColumn() + 1;
}

int CoalitionTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_data ? 0 : static_cast<int>(m_data->coalitions.size());
}

int CoalitionTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : maxAbsColumn() + 1;
}

QString CoalitionTableModel::tooltip(const Coalition& c) const
{
    QString text = QStringLiteral("<b>%1</b> (%2, order %3)<br>")
                       .arg(QString::fromStdString(m_data->words(c.mask)).toHtmlEscaped(),
                            c.type == InteractionType::And ? tr("AND") : tr("OR"))
                       .arg(c.order);
    for (int k = 0; k < m_data->shownCount(); ++k)
        text += QStringLiteral("%1: I = %2%3%4<br>")
                    .arg(QString::fromStdString(m_data->model(k).id).toHtmlEscaped())
                    .arg(c.values[k], 0, 'g', 17)
                    .arg(c.salient[k] ? tr(", salient") : QString())
                    .arg(c.shared[k] ? tr(", shared") : QString());
    text += tr("mask %1; shared by %2 model(s)").arg(c.mask).arg(c.sharedCount);
    return text;
}

QVariant CoalitionTableModel::data(const QModelIndex& index, int role) const
{
    const Coalition* c = index.isValid() ? coalition(index.row()) : nullptr;
    if (!c || index.column() >= columnCount())
        return {};
    const int col = index.column();
    switch (role) {
    case MaskRole:
        return QVariant::fromValue<quint32>(c->mask);
    case TypeRole:
        return static_cast<int>(c->type);
    case OrderRole:
        return c->order;
    case SharedCountRole:
        return c->sharedCount;
    case MaxAbsRole:
        return c->maxAbs;
    case Qt::ToolTipRole:
        return tooltip(*c);
    case Qt::TextAlignmentRole:
        return col == WordsColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                  : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        break;
    }
    if (role == Qt::ForegroundRole && col >= FirstModelColumn && col < sharedColumn()) {
        const int k = col - FirstModelColumn;
        if (!c->salient[k])
            return QBrush(QColor(140, 140, 140)); // not salient in this model: greyed
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    if (col == WordsColumn)
        return QString::fromStdString(m_data->words(c->mask));
    if (col == TypeColumn)
        return c->type == InteractionType::And ? QStringLiteral("AND") : QStringLiteral("OR");
    if (col == OrderColumn)
        return c->order;
    if (col < sharedColumn()) {
        const double v = c->values[col - FirstModelColumn];
        return sort ? QVariant(v) : QVariant(QString::number(v, 'f', 4));
    }
    if (col == sharedColumn())
        return sort ? QVariant(c->sharedCount)
                    : QVariant(c->sharedCount > 0 ? QString::number(c->sharedCount) : QStringLiteral("–"));
    return sort ? QVariant(c->maxAbs) : QVariant(QString::number(c->maxAbs, 'f', 4));
}

QVariant CoalitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        if (section >= FirstModelColumn && section < sharedColumn())
            return tr("Interaction effect I(S) in %1 (log-odds units)")
                .arg(QString::fromStdString(m_data->model(section - FirstModelColumn).id));
        if (section == sharedColumn())
            return tr("Number of models that share this coalition (joint extraction of each pair)");
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    if (section == WordsColumn)
        return tr("Words");
    if (section == TypeColumn)
        return tr("Type");
    if (section == OrderColumn)
        return tr("Order");
    if (section < sharedColumn())
        return tr("I: %1").arg(QString::fromStdString(m_data->model(section - FirstModelColumn).id));
    if (section == sharedColumn())
        return tr("Shared");
    return tr("max |I|");
}

} // namespace interlens::ui
