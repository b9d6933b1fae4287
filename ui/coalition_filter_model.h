#pragma once

// Sort and filter over CoalitionTableModel: by type (AND/OR/both), order range, shared only, and |I| at least
// a threshold (max over models). Sorting uses CoalitionTableModel::SortRole (numbers sort as numbers).

#include <QSortFilterProxyModel>

namespace interlens::ui {

class CoalitionFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class TypeFilter { Both, And, Or };

    explicit CoalitionFilterModel(QObject* parent = nullptr);

    void setTypeFilter(TypeFilter type);
    void setOrderRange(int minOrder, int maxOrder);
    void setSharedOnly(bool sharedOnly);
    void setMinAbs(double minAbs);
    void setTextFilter(const QString& text);

    TypeFilter typeFilter() const { return m_type; }
    bool sharedOnly() const { return m_sharedOnly; }
    double minAbs() const { return m_minAbs; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    TypeFilter m_type = TypeFilter::Both;
    int m_minOrder = 0;
    int m_maxOrder = 64;
    bool m_sharedOnly = false;
    double m_minAbs = 0.0;
    QString m_text;
};

} // namespace interlens::ui
