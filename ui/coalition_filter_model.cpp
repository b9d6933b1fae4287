#include "coalition_filter_model.h"

#include "coalition_table_model.h"

namespace interlens::ui {

CoalitionFilterModel::CoalitionFilterModel(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(CoalitionTableModel::SortRole);
}

void CoalitionFilterModel::setTypeFilter(TypeFilter type)
{
    m_type = type;
    invalidateFilter();
}

void CoalitionFilterModel::setOrderRange(int minOrder, int maxOrder)
{
    m_minOrder = minOrder;
    m_maxOrder = maxOrder;
    invalidateFilter();
}

void CoalitionFilterModel::setSharedOnly(bool sharedOnly)
{
    m_sharedOnly = sharedOnly;
    invalidateFilter();
}

void CoalitionFilterModel::setMinAbs(double minAbs)
{
    m_minAbs = minAbs;
    invalidateFilter();
}

void CoalitionFilterModel::setTextFilter(const QString& text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool CoalitionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const int type = index.data(CoalitionTableModel::TypeRole).toInt();
    if (m_type == TypeFilter::And && type != 0)
        return false;
    if (m_type == TypeFilter::Or && type != 1)
        return false;
    const int order = index.data(CoalitionTableModel::OrderRole).toInt();
    if (order < m_minOrder || order > m_maxOrder)
        return false;
    if (m_sharedOnly && index.data(CoalitionTableModel::SharedCountRole).toInt() < 2)
        return false;
    if (index.data(CoalitionTableModel::MaxAbsRole).toDouble() < m_minAbs)
        return false;
    if (!m_text.isEmpty() && !index.data(Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive))
        return false;
    return true;
}

} // namespace interlens::ui
